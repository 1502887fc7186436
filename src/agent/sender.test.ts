// The sender against a real HTTP server on a throwaway loopback port, answering as the contract
// says: saved, duplicate (the upload id seen before), 401, 422, 503, or a dropped connection.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FsQueue } from './fs-queue.js';
import { postJson } from './http-client.js';
import { agentStandIn, type StandIn, type StandInAnswer } from './http-stand-in.js';
import { drainQueue, type SendEvent } from './sender.js';

const open: StandIn[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function standIn(next: StandInAnswer[], port?: number): Promise<StandIn & { port: number }> {
  const s = agentStandIn();
  s.next.push(...next);
  open.push(s);
  return { ...s, port: await s.listen(port) };
}

async function queueOf(n: number): Promise<FsQueue> {
  const q = new FsQueue(join(mkdtempSync(join(tmpdir(), 'sousveil-send-')), 'queue'));
  for (let i = 0; i < n; i++)
    await q.add(new TextEncoder().encode(`{"hosts":[],"n":${i}}`), new Date(1_000_000 + i));
  return q;
}

function drain(q: FsQueue, port: number, events: SendEvent[] = []) {
  return drainQueue({
    queue: q,
    post: (r, body) =>
      postJson(
        `http://127.0.0.1:${port}/api/v1/agent/results?uploadId=${r.uploadId}&every=60`,
        body,
        {
          token: 'tok-1',
          timeoutMs: 5000,
        },
      ),
    sleep: (ms) => new Promise((r) => setTimeout(() => r(true), ms)),
    log: (e) => events.push(e),
    rng: () => 0.5,
    retry: { tries: 3, baseMs: 1, capMs: 20 },
  });
}

describe('sending the queue', () => {
  it('sends oldest first with the token and the schedule, then empties the queue', async () => {
    const s = await standIn([]);
    const port = s.port;
    const q = await queueOf(3);
    const ids = (await q.list()).map((r) => r.uploadId);
    expect(await drain(q, port)).toEqual({ sent: 3, rejected: 0, left: 0 });
    expect(s.seen.map((x) => x.uploadId)).toEqual(ids);
    expect(s.seen[0]).toMatchObject({ every: '60', auth: 'Bearer tok-1' });
    expect([...s.saved.values()][0]).toBe('{"hosts":[],"n":0}');
    expect(await q.list()).toEqual([]);
  });

  it('resends after a lost answer, and the server keeps it once', async () => {
    const s = await standIn(['drop-after-save']);
    const port = s.port;
    const q = await queueOf(1);
    const events: SendEvent[] = [];
    expect(await drain(q, port, events)).toMatchObject({ sent: 1, left: 0 });
    expect(s.seen).toHaveLength(2);
    expect(s.saved.size).toBe(1);
    expect(events.map((e) => e.event)).toEqual(['retry', 'sent']);
    expect(events[1]).toMatchObject({ duplicate: true, scanId: 1 });
  });

  it('retries a busy server, then sends', async () => {
    const s = await standIn(['503', '503']);
    const port = s.port;
    const q = await queueOf(1);
    const events: SendEvent[] = [];
    expect(await drain(q, port, events)).toMatchObject({ sent: 1, left: 0 });
    expect(events.map((e) => e.event)).toEqual(['retry', 'retry', 'sent']);
    expect(events[0]).toMatchObject({ reason: 'HTTP 503: busy' });
  });

  it('keeps everything, in order, while the server is away, and sends it when it is back', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const q = await queueOf(2);
    const before = await q.list();
    const events: SendEvent[] = [];
    expect(await drain(q, port, events)).toEqual({ sent: 0, rejected: 0, left: 2 });
    expect(events.map((e) => e.event)).toEqual(['retry', 'retry', 'deferred']);
    expect(events[2]).toMatchObject({ reason: 'no answer: connection refused', left: 2 });
    expect(await q.list()).toEqual(before);
    const s = await standIn([], port);
    expect(await drain(q, port)).toMatchObject({ sent: 2, left: 0 });
    expect(s.seen.map((x) => x.uploadId)).toEqual(before.map((r) => r.uploadId));
  });

  it('stops at a refused token and keeps the queue', async () => {
    const s = await standIn(['401']);
    const port = s.port;
    const q = await queueOf(2);
    const r = await drain(q, port);
    expect(r).toMatchObject({ sent: 0, left: 2 });
    expect(r.stop).toContain('revoked or is unknown');
    expect(s.seen).toHaveLength(1);
    expect(await q.list()).toHaveLength(2);
  });

  it('sets a refused result aside for good and goes on with the next', async () => {
    const s = await standIn(['422']);
    const port = s.port;
    const q = await queueOf(2);
    const events: SendEvent[] = [];
    expect(await drain(q, port, events)).toEqual({ sent: 1, rejected: 1, left: 0 });
    expect(events[0]).toMatchObject({
      event: 'rejected',
      reason: 'HTTP 422: host 10.9.9.9 is outside the site ranges',
    });
    expect((await q.stats()).rejected).toBe(1);
    expect(await drain(q, port)).toEqual({ sent: 0, rejected: 0, left: 0 });
    expect(s.seen).toHaveLength(2);
  });
});
