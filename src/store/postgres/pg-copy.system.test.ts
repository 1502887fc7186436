// `sousveil db copy` and `db migrate|status` on PostgreSQL at 127.0.0.1:5432 (or
// SOUSVEIL_TEST_POSTGRES): an SQLite store filled through its repositories is copied, then read
// back through the PostgreSQL repositories and compared with what SQLite answers.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/main.js';
import { captureIo } from '../../cli/test-io.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import { openPostgresCore } from './pg-store.js';

const admin = process.env.SOUSVEIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dir = mkdtempSync(join(tmpdir(), 'sousveil-pg-copy-'));
const databases: string[] = [];

async function onAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function newDatabase(): Promise<string> {
  const name = `sousveil_copy_${randomBytes(6).toString('hex')}`;
  await onAdmin(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  for (const name of databases) await onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
});

async function sv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function filledSqlite(file: string): Promise<void> {
  const store = openSqliteStore(file);
  const restrictions = [{ restriction: 'us-fcc-covered-list', short: 'FCC Covered List' }];
  for (const startedAt of ['2026-11-01', '2026-11-02']) {
    const scan = await store.scans.create({ kind: 'import', startedAt, params: { files: ['a'] } });
    await store.scans.addHosts(
      scan.id,
      Array.from({ length: 1200 }, (_, i) => ({
        address: `10.0.${String(i >> 8)}.${String(i & 255)}`,
        maker: i % 2 === 0 ? 'hikvision' : 'axis',
        covered: i % 2 === 0,
        verdict: { address: `10.0.0.${String(i)}`, restrictions, evidence: [{ seen: 'DS-2CD' }] },
      })),
    );
    await store.scans.finish(scan.id, `${startedAt}T01:00`, { hosts: 1200 });
  }
  await store.records.put([
    { kind: 'project', id: 'ecu-911', data: { name: 'ECU 911', é: 'ü' }, sources: ['s1'] },
    { kind: 'claim', id: 'c1', data: { value: 4300 }, sources: ['s1', 's2'] },
  ]);
  await store.map.put([
    { id: 'p1', kind: 'project', lat: -0.18, lon: -78.47, data: { name: 'Quito' } },
    { id: 'p2', kind: 'project', lat: 44.8, lon: 20.46, data: null },
  ]);
  await store.search.replace(
    [
      {
        type: 'project',
        id: 'ecu-911',
        url: '/projects/ecu-911',
        title: 'ECU 911',
        body: 'Écuador cameras',
      },
    ],
    'v7',
  );
  await store.apps.save({
    scannedAt: '2026-11-30T10:00:00Z',
    file: 'reader.apk',
    sha256: 'f'.repeat(64),
    package: 'org.example.reader',
    sdkCount: 1,
    prcSdkCount: 1,
    sdkIds: ['umeng-analytics'],
    report: { sdks: ['umeng-analytics'] },
  });
  await store.close();
}

describe('db copy, migrate and status on PostgreSQL', () => {
  it('copies every table, ids kept, and the copy answers as the original does', async () => {
    const file = join(dir, 'source.db');
    await filledSqlite(file);
    const url = await newDatabase();
    const r = await sv('db', 'copy', '--from', file, '--to', url, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { tables: Array<{ table: string; rows: number }> };
    expect(Object.fromEntries(result.tables.map((t) => [t.table, t.rows]))).toMatchObject({
      scans: 2,
      scan_hosts: 2400,
      records: 2,
      map_points: 2,
      search_index: 1,
      app_scans: 1,
      app_scan_sdks: 1,
    });
    const sqlite = openSqliteStore(file, { access: 'read' });
    const postgres = await openPostgresCore(url);
    try {
      expect(await postgres.scans.list()).toEqual(await sqlite.scans.list());
      for (const s of await sqlite.scans.list()) {
        expect(await postgres.scans.hosts(s.id)).toEqual(await sqlite.scans.hosts(s.id));
        expect(await postgres.scans.hosts(s.id, { maker: 'axis' })).toEqual(
          await sqlite.scans.hosts(s.id, { maker: 'axis' }),
        );
      }
      expect(await postgres.records.list('project')).toEqual(await sqlite.records.list('project'));
      const world = { west: -180, south: -90, east: 180, north: 90 };
      expect(await postgres.map.query(world)).toEqual(
        expect.arrayContaining(await sqlite.map.query(world)),
      );
      expect(await postgres.search.version()).toBe('v7');
      expect(await postgres.apps.list()).toEqual(await sqlite.apps.list());
      expect(await postgres.apps.sdkCounts()).toEqual(await sqlite.apps.sdkCounts());
      expect((await postgres.search.query('ecuador', 5)).map((h) => h.id)).toEqual(['ecu-911']);
      // New scans continue after the copied ids.
      const next = await postgres.scans.create({ kind: 'scan', startedAt: 'x', params: {} });
      expect(next.id).toBeGreaterThan(Math.max(...(await sqlite.scans.list()).map((s) => s.id)));
    } finally {
      await sqlite.close();
      await postgres.close();
    }
    // The target now holds data: a second copy is refused in one line, nothing changed.
    const again = await sv('db', 'copy', '--from', file, '--to', url);
    expect(again.code).not.toBe(0);
    expect(again.err.trim().split('\n')[0]).toMatch(
      /already holds scans: copy into an empty database/,
    );
  });

  it('refuses a source holding what PostgreSQL cannot hold yet', async () => {
    const file = join(dir, 'cameras.db');
    const store = openSqliteStore(file);
    await store.cameras.upsert([
      { id: 'n1', lat: 44.8, lon: 20.46, covered: true, type: 'camera', data: { id: 'n1' } },
    ]);
    await store.close();
    const url = await newDatabase();
    const r = await sv('db', 'copy', '--from', file, '--to', url);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(
      /holds 1 street cameras, which the PostgreSQL store cannot hold yet; nothing was copied/,
    );
  });

  it('migrate applies what status says is pending; status then says up to date', async () => {
    const url = await newDatabase();
    const before = await sv('db', 'status', '--db', url, '--json');
    expect(JSON.parse(before.out)).toMatchObject({ dialect: 'postgres', applied: [] });
    expect((await sv('db', 'migrate', '--db', url)).out).toMatch(/applied 1 scans, 2 records/);
    expect((await sv('db', 'status', '--db', url)).out).toMatch(/up to date/);
    expect((await sv('db', 'migrate', '--db', url)).out).toMatch(/up to date/);
  });

  it('an unreachable server is one line naming it, never its password', async () => {
    const r = await sv('db', 'status', '--db', 'postgres://someone:secret@127.0.0.1:1/none');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^sousveil: postgres:\/\/someone@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
    expect(r.err).not.toContain('secret');
  });
});
