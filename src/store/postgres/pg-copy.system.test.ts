// `sousveil db copy` and `db migrate|status` on PostgreSQL at 127.0.0.1:5432 (or
// SOUSVEIL_TEST_POSTGRES): an SQLite store filled through its repositories is copied, then read
// back through the PostgreSQL repositories and compared with what SQLite answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/main.js';
import { captureIo } from '../../cli/test-io.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import { beforeFirstRowid, type Store } from '../store.js';
import { freshPostgres } from './pg-test-db.js';
import { openPostgresStore } from './pg-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-pg-copy-'));
const drops: Array<() => Promise<void>> = [];

async function newDatabase(): Promise<string> {
  const db = await freshPostgres('copy');
  drops.push(db.drop);
  return db.url;
}

afterAll(async () => {
  for (const drop of drops) await drop();
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
  await fillTheRest(store);
  await store.close();
}

/** Cameras with places and the cluster grid, a firmware audit, reports with a photo, moderators. */
async function fillTheRest(store: Store): Promise<void> {
  // Negative ids, as a JOSM file has: SQLite's rowids are then all below 0.
  await store.cameras.upsert(
    Array.from({ length: 700 }, (_, i) => ({
      id: `n${String(-1 - i)}`,
      lat: 44 + i / 1000,
      lon: 20 + i / 700,
      version: 1 + (i % 3),
      ...(i % 4 === 0 ? {} : { maker: i % 2 === 0 ? 'hikvision' : 'axis' }),
      covered: i % 2 === 0,
      type: i % 5 === 0 ? 'ALPR' : 'camera',
      ...(i % 3 === 0 ? { operatorType: 'public' } : {}),
      country: 'Serbia',
      ...(i % 7 === 0 ? { city: 'Beograd', cityFromTag: true } : {}),
      data: { id: `n${String(-1 - i)}`, tags: { 'surveillance:type': 'camera' } },
    })),
  );
  await store.cameras.savePlaces([
    { id: 'n9000', name: 'Beograd', kind: 'city', lat: 44.8, lon: 20.46 },
  ]);
  await store.cameras.refreshClusters();
  await store.firmware.save({
    scannedAt: '2026-11-30T10:00:00Z',
    file: 'fw.bin',
    sha256: 'e'.repeat(64),
    container: 'squashfs',
    maker: 'hikvision',
    affectedCount: 1,
    kevCount: 0,
    indicatorCount: 2,
    componentCount: 9,
    models: ['DS-2CD2143G0-I'],
    report: { file: 'fw.bin' },
  });
  const photo = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
  for (const id of ['r1', 'r2'])
    await store.reports.add({
      id,
      day: '2026-11-29',
      lat: 44.81,
      lon: 20.46,
      fields: { type: 'camera', note: 'über the door' },
      ...(id === 'r1'
        ? {
            photo: {
              info: {
                type: 'image/jpeg',
                width: 4,
                height: 3,
                bytes: 3000,
                sha256: 'a'.repeat(64),
                redactions: 0,
              },
              bytes: photo,
            },
          }
        : {}),
    });
  await store.reports.decide({
    reportId: 'r2',
    moderator: 'ana',
    decision: 'accept',
    reason: 'ok',
    at: '2026-11-30T09:00:00Z',
  });
  await store.moderators.add({
    name: 'ana',
    role: 'admin',
    passwordHash: 'scrypt$x',
    createdDay: '2026-11-01',
  });
  const site = await store.sites.add({ name: 'lab', ranges: ['10.0.0.0/8'], createdAt: 't' });
  await store.sites.addCode(site?.id ?? 0, 'c'.repeat(64), '2099-01-01T00:00:00Z');
  const e = await store.sites.enroll('c'.repeat(64), '2026-11-30T10:00:00Z', {
    name: 'agent',
    tokenSha256: 't'.repeat(64),
  });
  const [scan] = await store.scans.list({ limit: 1 });
  const upload = { uploadId: 'upload-1', receivedAt: '2026-11-30T11:00:00Z', result: { id: 1 } };
  await store.sites.saveUpload({ ...upload, agentId: e?.agent.id ?? 0, scanId: scan?.id ?? 0 });
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
      cameras: 700,
      osm_places: 1,
      firmware_scans: 1,
      firmware_scan_models: 1,
      reports: 2,
      report_photos: 1,
      report_decisions: 1,
      moderators: 1,
      sites: 1,
      enrollment_codes: 1,
      agents: 1,
      agent_uploads: 1,
    });
    expect(result.tables.find((t) => t.table === 'camera_cells')?.rows).toBeGreaterThan(100);
    const sqlite = openSqliteStore(file, { access: 'read' });
    const postgres = await openPostgresStore(url);
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
      // Off the points' own coordinates: SQLite's R*Tree keeps 32-bit bounds, rounded outwards, so
      // a camera exactly on the edge may fall either side there; PostgreSQL compares exactly.
      const box = { west: 20.1003, south: 44.1005, east: 20.5003, north: 44.4005 };
      expect(await postgres.cameras.inBox(box)).toEqual(await sqlite.cameras.inBox(box));
      expect(await postgres.cameras.stats()).toEqual(await sqlite.cameras.stats());
      const round = (cs: Array<{ lat: number; lon: number }>) =>
        cs.map((c) => ({ ...c, lat: c.lat.toFixed(9), lon: c.lon.toFixed(9) }));
      // From the copied grid (still fresh) on both sides.
      expect(round(await postgres.cameras.clusters(world, 1.40625))).toEqual(
        round(await sqlite.cameras.clusters(world, 1.40625)),
      );
      expect(await postgres.cameras.places()).toEqual(await sqlite.cameras.places());
      expect(await postgres.firmware.list()).toEqual(await sqlite.firmware.list());
      expect(await postgres.reports.list()).toEqual(await sqlite.reports.list());
      expect(await postgres.reports.photo('r1')).toEqual(await sqlite.reports.photo('r1'));
      expect(await postgres.reports.decisions('r2')).toEqual(await sqlite.reports.decisions('r2'));
      expect(await postgres.moderators.get('ana')).toEqual(await sqlite.moderators.get('ana'));
      expect(await postgres.sites.agentByToken('t'.repeat(64))).toEqual(
        await sqlite.sites.agentByToken('t'.repeat(64)),
      );
      expect(await postgres.sites.uploads(1, 5)).toEqual(await sqlite.sites.uploads(1, 5));
      // New rows continue after the copied ids (all below 0 here).
      const copiedCameras = await sqlite.cameras.scan({}, undefined, beforeFirstRowid, 1000);
      expect(copiedCameras).toHaveLength(700);
      const lastCopied = copiedCameras.at(-1)?.rowid ?? 0;
      expect(lastCopied).toBeLessThan(0);
      await postgres.cameras.upsert([
        { id: 'n1', lat: 1, lon: 1, covered: false, type: 'camera', data: {} },
      ]);
      expect(
        (await postgres.cameras.scan({}, undefined, lastCopied, 5)).map((r) => r.camera.id),
      ).toEqual(['n1']);
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

  it('refuses a source holding a table it does not know how to move', async () => {
    const file = join(dir, 'newer.db');
    await openSqliteStore(file).close();
    const db = new Database(file);
    db.exec(
      'CREATE TABLE evidence_packs (id TEXT PRIMARY KEY); INSERT INTO evidence_packs VALUES (1)',
    );
    db.close();
    const url = await newDatabase();
    const r = await sv('db', 'copy', '--from', file, '--to', url);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(
      /table evidence_packs holds 1 row\(s\) that db copy does not know how to move; nothing was copied/,
    );
  });

  it('migrate applies what status says is pending; status then says up to date', async () => {
    const url = await newDatabase();
    const before = await sv('db', 'status', '--db', url, '--json');
    expect(JSON.parse(before.out)).toMatchObject({ dialect: 'postgres', applied: [] });
    expect((await sv('db', 'migrate', '--db', url)).out).toMatch(/applied 1 scans, 2 records/);
    const status = (await sv('db', 'status', '--db', url)).out;
    expect(status).toMatch(/up to date/);
    expect(status).toMatch(/PostGIS: the street map uses its spatial index/);
    expect((await sv('db', 'migrate', '--db', url)).out).toMatch(/up to date/);
  });

  it('an unreachable server is one line naming it, never its password', async () => {
    const r = await sv('db', 'status', '--db', 'postgres://someone:secret@127.0.0.1:1/none');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^sousveil: postgres:\/\/someone@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
    expect(r.err).not.toContain('secret');
  });
});
