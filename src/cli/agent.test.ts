// `sousveil agent enroll|run|status` against a stand-in for the server's agent routes on a
// loopback port; the scans probe one loopback address with nothing listening.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStandIn } from '../agent/http-stand-in.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const server = agentStandIn();
const state = join(mkdtempSync(join(tmpdir(), 'sousveil-agent-')), 'state');
let closedPort = 0;
const quick = ['--no-udp', '--timeout', '200', '--connect-timeout', '200', '--retries', '0'];

beforeAll(async () => {
  await server.listen();
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.41.0.1', r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
});
afterAll(() => server.close());

/** One `agent run` of the loopback address with nothing listening, plus `extra` flags. */
const scanOnce = (...extra: string[]) =>
  cli([
    'agent',
    'run',
    '127.41.0.1',
    '--ports',
    String(closedPort),
    '--state',
    state,
    ...quick,
    ...extra,
  ]);

async function cli(args: string[]) {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('sousveil agent', () => {
  it('refuses plain http to a server that is not on loopback, before sending anything', async () => {
    const r = await cli([
      'agent',
      'enroll',
      '--server',
      'http://observatory.example',
      '--code',
      'x',
      '--state',
      state,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('plain http is refused except for a loopback server');
  });

  it('says when the server refuses the code', async () => {
    const r = await cli([
      'agent',
      'enroll',
      '--server',
      server.url(),
      '--code',
      'wrong',
      '--state',
      state,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'the server refused the code (HTTP 401: unknown or used enrollment code)',
    );
  });

  it('enrolls, keeping the token private, and will not overwrite it without --force', async () => {
    const args = [
      'agent',
      'enroll',
      '--server',
      server.url(),
      '--code',
      server.code,
      '--name',
      'north-1',
      '--state',
      state,
    ];
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.out).toContain('enrolled as agent 3 of site "north" (ranges 127.41.0.0/16)');
    expect(r.out).not.toContain('tok-1');
    const file = join(state, 'enrollment.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(state).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      server: server.url(),
      agentId: 3,
      name: 'north-1',
      site: 'north',
      ranges: ['127.41.0.0/16'],
      token: 'tok-1',
      ca: false,
    });
    const again = await cli(args);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already holds agent 3 of site "north"');
  });

  it('refuses a target outside the site before scanning', async () => {
    const r = await cli(['agent', 'run', '127.42.0.1', '--state', state, ...quick]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('target "127.42.0.1": outside the site\'s ranges (127.41.0.0/16)');
    expect(server.seen).toEqual([]);
  });

  it('scans, queues, sends, and leaves the queue empty', async () => {
    const r = await scanOnce('--every', '6h', '--once', '--json');
    expect(r.code).toBe(0);
    const events = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; uploadId?: string });
    expect(events.map((e) => e.event)).toEqual(['start', 'scanned', 'sent']);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]).toMatchObject({
      uploadId: events[1]?.uploadId,
      every: '21600',
      auth: 'Bearer tok-1',
    });
    const body = JSON.parse([...server.saved.values()][0] ?? '') as {
      scan: { targets: string[] };
      hosts: unknown[];
    };
    expect(body.scan.targets).toEqual(['127.41.0.1']);
    expect(body.hosts).toEqual([]);
    expect(readdirSync(join(state, 'queue'))).toEqual([]);
  });

  it('keeps the result queued while the server is busy, and status shows it', async () => {
    server.next.push('503', '503', '503', '503');
    const r = await scanOnce('--every', '2s', '--once');
    expect(r.code).toBe(0);
    expect(r.err).toContain('it waits in the queue');
    // The server takes a schedule of 60 s or more; a shorter one (a test's) is sent as 60.
    expect(server.seen.at(-1)?.every).toBe('60');
    const st = await cli(['agent', 'status', '--json', '--state', state]);
    expect(JSON.parse(st.out)).toMatchObject({
      enrolled: true,
      enrollment: { agentId: 3, site: 'north' },
      queue: { count: 1 },
    });
    expect(st.out).not.toContain('tok-1');
  });

  it('stops with one line when the token is refused, keeping the queue', async () => {
    server.next.push('401');
    const r = await scanOnce();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /sousveil: agent: the server refused this agent's token \(HTTP 401: unknown or revoked agent token\)/,
    );
    const st = await cli(['agent', 'status', '--state', state]);
    expect(st.out).toContain('queue: 2 result(s)');
  });

  it('says how to enroll when the state folder holds no enrollment', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'sousveil-agent-')), 'none');
    const r = await cli(['agent', 'run', '127.41.0.1', '--state', empty]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('agent: not enrolled');
    expect((await cli(['agent', 'status', '--state', empty])).out).toContain('not enrolled');
  });
});
