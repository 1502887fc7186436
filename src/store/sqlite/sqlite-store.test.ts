import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreBusyError } from '../../shared/errors.js';
import { changedAreas } from '../changes.js';
import type { Store } from '../store.js';
import { sqliteMigrations } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

let dir: string;
let path: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sousveil-store-'));
  path = join(dir, 'test.db');
  store = openSqliteStore(path);
});
afterEach(async () => {
  await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const host = (address: string, maker: string, covered: boolean) => ({
  address,
  maker,
  covered,
  confidence: 'likely',
  verdict: { evidence: [{ probe: 'http', seen: 'App-webs/' }] },
});

describe('sqlite store on a real file', () => {
  it('applies every migration once, and again on reopen applies none', async () => {
    const all = sqliteMigrations.map((m) => m.version);
    expect(await store.migrations()).toEqual(all);
    await store.close();
    store = openSqliteStore(path);
    expect(await store.migrations()).toEqual(all);
  });

  it('keeps scans and hosts across reopen', async () => {
    const scan = await store.scans.create({
      kind: 'scan',
      startedAt: '2026-11-28T10:00:00Z',
      params: { targets: ['127.0.0.0/24'] },
    });
    await store.scans.addHosts(scan.id, [
      host('127.0.0.2', 'hikvision', true),
      host('127.0.0.3', 'axis', false),
    ]);
    await store.scans.finish(scan.id, '2026-11-28T10:01:00Z', { hosts: 2, covered: 1 });
    await store.close();
    store = openSqliteStore(path);
    const [listed] = await store.scans.list();
    expect(listed).toMatchObject({
      id: scan.id,
      kind: 'scan',
      hostCount: 2,
      summary: { covered: 1 },
      finishedAt: '2026-11-28T10:01:00Z',
    });
    expect((await store.scans.hosts(scan.id, { covered: true })).map((h) => h.address)).toEqual([
      '127.0.0.2',
    ]);
    expect((await store.scans.hosts(scan.id, { maker: 'axis' }))[0]?.verdict).toEqual(
      host('', '', false).verdict,
    );
    expect(await store.scans.get(999)).toBeUndefined();
  });

  it('stores the parts verdicts repeat once per scan, across batches, reopen and rollback', async () => {
    const restrictions = [{ restriction: 'us-fcc-covered-list', short: 'FCC Covered List' }];
    const verdictOf = (i: number) => ({
      address: `10.0.0.${i}`,
      restrictions,
      evidence: [{ probe: 'csv', seen: 'DS-2CD2143G0-I', fingerprint: 'hik-model-code' }],
    });
    const row = (i: number) => ({ address: `10.0.0.${i}`, covered: true, verdict: verdictOf(i) });
    const scan = await store.scans.create({ kind: 'import', startedAt: '2026-11-30', params: {} });
    await store.scans.addHosts(scan.id, [row(1), row(2), row(3)]);
    // A batch whose transaction fails stores nothing; the next one still has its parts.
    await expect(
      store.transaction(async (tx) => {
        await tx.scans.addHosts(scan.id, [row(4)]);
        throw new Error('half-way');
      }),
    ).rejects.toThrow('half-way');
    await store.scans.addHosts(scan.id, [row(5)]);
    await store.close();
    store = openSqliteStore(path);
    await store.scans.addHosts(scan.id, [row(6)]);
    const hosts = await store.scans.hosts(scan.id);
    expect(hosts.map((h) => h.verdict)).toEqual([1, 2, 3, 5, 6].map(verdictOf));
    const db = new Database(path, { readonly: true });
    const parts = db.prepare('SELECT count(*) FROM scan_parts WHERE scan_id = ?').pluck();
    expect(parts.get(scan.id)).toBe(2);
    db.close();
    await store.scans.delete(scan.id);
    const after = new Database(path, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM scan_parts').pluck().get()).toBe(0);
    after.close();
  });

  it('stores records by kind and id, replacing on put', async () => {
    await store.records.put([
      { kind: 'project', id: 'ecu-911', data: { name: 'ECU-911' }, sources: ['a'] },
      { kind: 'project', id: 'belgrade', data: { name: 'Belgrade Safe City' }, sources: ['b'] },
    ]);
    await store.records.put([
      { kind: 'project', id: 'ecu-911', data: { name: 'ECU 911' }, sources: ['a', 'c'] },
    ]);
    expect(await store.records.count('project')).toBe(2);
    expect(await store.records.get('project', 'ecu-911')).toEqual({
      kind: 'project',
      id: 'ecu-911',
      data: { name: 'ECU 911' },
      sources: ['a', 'c'],
    });
    expect((await store.records.list('project', { limit: 1 })).map((r) => r.id)).toEqual([
      'belgrade',
    ]);
    expect(await store.records.delete('project', 'belgrade')).toBe(true);
    expect(await store.records.count()).toBe(1);
  });

  it('answers bounding-box queries from the R*Tree, replacing moved points', async () => {
    await store.map.put([
      { id: 'n1', kind: 'camera', lat: 44.8, lon: 20.46, data: { operator: 'city' } },
      { id: 'n2', kind: 'camera', lat: -0.18, lon: -78.47, data: {} },
      { id: 'r1', kind: 'report', lat: 44.81, lon: 20.45, data: {} },
    ]);
    await store.map.put([
      { id: 'n2', kind: 'camera', lat: 44.79, lon: 20.47, data: { moved: true } },
    ]);
    const belgrade = { west: 20.3, south: 44.7, east: 20.6, north: 44.9 };
    expect((await store.map.query(belgrade)).map((p) => p.id).sort()).toEqual(['n1', 'n2', 'r1']);
    expect((await store.map.query(belgrade, { kind: 'report' })).map((p) => p.id)).toEqual(['r1']);
    expect(await store.map.count()).toBe(3);
  });

  it('rolls back everything a failed transaction wrote', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.records.put([{ kind: 'project', id: 'x', data: {}, sources: ['s'] }]);
        await tx.scans.create({ kind: 'import', startedAt: '2026-11-28', params: {} });
        throw new Error('bad row 3');
      }),
    ).rejects.toThrow('bad row 3');
    expect(await store.records.count()).toBe(0);
    expect(await store.scans.list()).toEqual([]);
  });

  it('commits a transaction, and calls outside it wait for it', async () => {
    let outside: Promise<number> | undefined;
    await store.transaction(async (tx) => {
      await tx.records.put([{ kind: 'k', id: '1', data: {}, sources: ['s'] }]);
      outside = store.records.count('k');
      await new Promise((r) => setTimeout(r, 10));
      await tx.records.put([{ kind: 'k', id: '2', data: {}, sources: ['s'] }]);
    });
    expect(await outside).toBe(2);
  });

  it('rejects a coordinate out of range', async () => {
    await expect(
      store.map.put([{ id: 'bad', kind: 'camera', lat: 91, lon: 0, data: {} }]),
    ).rejects.toThrow(/CHECK/);
    expect(await store.map.count()).toBe(0);
  });

  it('a lock held by another connection gives StoreBusyError, never a stuck store', async () => {
    await store.close();
    store = openSqliteStore(path, { busyTimeoutMs: 5, retries: 2 });
    await store.records.put([{ kind: 'k', id: 'before', data: {}, sources: ['s'] }]);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const write = store.transaction(async (tx) =>
        tx.records.put([{ kind: 'k', id: 'x', data: {}, sources: ['s'] }]),
      );
      await expect(write).rejects.toBeInstanceOf(StoreBusyError);
      await expect(
        store.records.put([{ kind: 'k', id: 'y', data: {}, sources: ['s'] }]),
      ).rejects.toThrow(/database is busy/);
      // Readers are not blocked by a writer (WAL).
      expect(await store.records.count('k')).toBe(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await store.transaction(async (tx) =>
      tx.records.put([{ kind: 'k', id: 'after', data: {}, sources: ['s'] }]),
    );
    expect((await store.records.list('k')).map((r) => r.id)).toEqual(['after', 'before']);
  });

  it("tells which area changed, and sees another connection's commits", async () => {
    const c0 = await store.changes();
    await store.records.count();
    expect(await store.changes()).toEqual(c0);
    await store.records.put([{ kind: 'k', id: '1', data: {}, sources: ['s'] }]);
    const c1 = await store.changes();
    expect(changedAreas(c0, c1)).toEqual(['records']);
    await store.transaction(async (tx) => {
      const scan = await tx.scans.create({ kind: 'scan', startedAt: '2026-11-28', params: {} });
      await tx.scans.addHosts(scan.id, [host('127.0.0.2', 'hikvision', true)]);
    });
    const c2 = await store.changes();
    expect(changedAreas(c1, c2)).toEqual(['scans']);
    const other = new Database(path);
    other.prepare("INSERT INTO records VALUES ('k', '2', '{}', '[]')").run();
    other.close();
    // A write that moved no counter (another tool) is a change to everything.
    expect(changedAreas(c2, await store.changes())).toBe('all');
  });

  it('prunes scans by count and by age, with their hosts', async () => {
    const ids: number[] = [];
    for (const day of ['01', '02', '03', '04']) {
      const scan = await store.scans.create({
        kind: 'scan',
        startedAt: `2026-11-${day}T10:00:00.000Z`,
        params: {},
      });
      await store.scans.addHosts(scan.id, [host('127.0.0.2', 'hikvision', true)]);
      ids.push(scan.id);
    }
    expect(await store.scans.prune({ keepScans: 3 })).toBe(1);
    expect(await store.scans.hosts(ids[0]!)).toEqual([]);
    expect(await store.scans.prune({ startedBefore: '2026-11-03T00:00:00.000Z' })).toBe(1);
    expect(await store.scans.prune({})).toBe(0);
    expect((await store.scans.list()).map((s) => s.id)).toEqual([ids[3], ids[2]]);
  });
});
