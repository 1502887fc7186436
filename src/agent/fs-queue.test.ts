import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsQueue } from './fs-queue.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const fresh = () => join(mkdtempSync(join(tmpdir(), 'sousveil-queue-')), 'queue');

describe('the agent queue on disk', () => {
  it('keeps results oldest first, each whole, private, with an upload id made when queued', async () => {
    const q = new FsQueue(fresh());
    const a = await q.add(bytes('{"n":1}'), new Date('2026-11-30T10:00:00Z'));
    const b = await q.add(bytes('{"n":2}'), new Date('2026-11-30T09:00:00Z'));
    const c = await q.add(bytes('{"n":3}'), new Date('2026-11-30T11:00:00Z'));
    if (!a.ok || !b.ok || !c.ok) throw new Error('not queued');
    const list = await q.list();
    expect(list.map((r) => r.uploadId)).toEqual([b, a, c].map((x) => x.result.uploadId));
    expect(list[0]).toMatchObject({ bytes: 7, queuedAt: '2026-11-30T09:00:00.000Z' });
    for (const r of list) expect(r.uploadId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(new Set(list.map((r) => r.uploadId)).size).toBe(3);
    expect(new TextDecoder().decode(await q.read(list[1]!))).toBe('{"n":1}');
    expect(statSync(join(q.dir, list[0]!.name)).mode & 0o777).toBe(0o600);
    expect(statSync(q.dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(q.dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('survives a reopen, and ignores what an interrupted write left', async () => {
    const dir = fresh();
    await new FsQueue(dir).add(bytes('{}'), new Date(1));
    writeFileSync(join(dir, '.tmp-abc-0000000000002-0001-abcdefghijkl.json'), '{"half');
    writeFileSync(join(dir, 'notes.txt'), 'not a result');
    const again = new FsQueue(dir);
    expect((await again.list()).length).toBe(1);
    await again.sweepTemp();
    expect(readdirSync(dir).sort()).toEqual([(await again.list())[0]!.name, 'notes.txt'].sort());
  });

  it('removes a sent result, and moves a rejected one aside with the reason', async () => {
    const q = new FsQueue(fresh());
    const now = new Date('2026-11-30T10:00:00Z');
    await q.add(bytes('{"a":1}'), now);
    await q.add(bytes('{"b":2}'), now);
    const [first, second] = await q.list();
    await q.remove(first!);
    await q.reject(second!, 'HTTP 422: host outside the ranges');
    expect(await q.list()).toEqual([]);
    const aside = join(q.dir, 'rejected');
    expect(readFileSync(join(aside, second!.name), 'utf8')).toBe('{"b":2}');
    expect(readFileSync(join(aside, `${second!.name}.reason.txt`), 'utf8')).toBe(
      'HTTP 422: host outside the ranges\n',
    );
    expect(await q.stats()).toEqual({ count: 0, bytes: 0, rejected: 1 });
  });

  it('refuses a new result past its count or bytes, keeping the oldest', async () => {
    const q = new FsQueue(fresh(), { maxCount: 2, maxBytes: 10 });
    const t = new Date('2026-11-30T10:00:00Z');
    expect((await q.add(bytes('1234'), t)).ok).toBe(true);
    expect((await q.add(bytes('1234567'), t)).ok).toBe(false);
    expect((await q.add(bytes('12'), t)).ok).toBe(true);
    const full = await q.add(bytes('1'), t);
    expect(full.ok).toBe(false);
    expect(full.ok ? '' : full.reason).toContain('the queue is full');
    expect(await q.stats()).toEqual({
      count: 2,
      bytes: 6,
      oldest: '2026-11-30T10:00:00.000Z',
      rejected: 0,
    });
  });

  it('stats of a queue never written are empty', async () => {
    expect(await new FsQueue(fresh()).stats()).toEqual({ count: 0, bytes: 0, rejected: 0 });
  });
});
