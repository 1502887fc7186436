import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellLevels } from '../camera-rows.js';
import { beforeFirstRowid, type CameraCluster, type CameraRecord } from '../store.js';
import Database from 'better-sqlite3';
import { sqliteMigrations } from './migrations.js';
import { zkey } from './zorder.js';
import { SqliteCameras } from './sqlite-cameras.js';
import { gatedConn } from './sqlite-lock.js';
import { openSqliteStore } from './sqlite-store.js';

const dbPath = () => join(mkdtempSync(join(tmpdir(), 'sousveil-cams-')), 'test.db');

const cam = (
  id: string,
  lat: number,
  lon: number,
  extra: Partial<CameraRecord> = {},
): CameraRecord => ({
  id,
  lat,
  lon,
  covered: false,
  type: 'camera',
  data: { id, note: extra.version ?? 0 },
  ...extra,
});

const world = { west: -180, south: -90, east: 180, north: 90 };

describe('SqliteCameras', () => {
  it('inserts, updates in place by version, and survives a reopen', async () => {
    const path = dbPath();
    const store = openSqliteStore(path);
    expect(await store.migrations()).toContain(7);
    expect(await store.cameras.upsert([cam('n1', 1, 2, { version: 2 }), cam('n2', 3, 4)])).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await store.cameras.upsert([cam('n1', 1, 2, { version: 2 })])).toMatchObject({
      unchanged: 1,
    });
    // An older version never replaces a newer one; a newer one moves the camera in the index too.
    expect(await store.cameras.upsert([cam('n1', 9, 9, { version: 1 })])).toMatchObject({
      unchanged: 1,
    });
    expect(
      await store.cameras.upsert([cam('n1', 5, 6, { version: 3, maker: 'dahua', covered: true })]),
    ).toMatchObject({
      updated: 1,
    });
    await store.close();
    const again = openSqliteStore(path);
    expect(await again.cameras.get('n1')).toEqual(
      cam('n1', 5, 6, { version: 3, maker: 'dahua', covered: true }),
    );
    expect(
      (await again.cameras.inBox({ west: 5.5, south: 4.5, east: 6.5, north: 5.5 })).map(
        (c) => c.id,
      ),
    ).toEqual(['n1']);
    expect(await again.cameras.inBox({ west: 1.5, south: 0.5, east: 2.5, north: 1.5 })).toEqual([]);
    expect((await again.changes()).areas.map).toBeGreaterThan(0);
    await again.close();
  });

  it('removes from the table and the index', async () => {
    const store = openSqliteStore(dbPath());
    await store.cameras.upsert([cam('n1', 1, 1), cam('n2', 2, 2)]);
    expect(await store.cameras.remove(['n1', 'n9'])).toBe(1);
    expect(await store.cameras.ids()).toEqual(['n2']);
    expect(await store.cameras.countInBox(world)).toBe(1);
    await store.close();
  });

  it('filters, clusters and counts in a box', async () => {
    const store = openSqliteStore(dbPath());
    await store.cameras.upsert([
      cam('n1', 10.1, 10.1, { maker: 'hikvision', covered: true, operatorType: 'public' }),
      cam('n2', 10.2, 10.3, { maker: 'hikvision', covered: true }),
      cam('n3', 10.3, 10.2, { maker: 'axis', type: 'ALPR', operatorType: 'private' }),
      cam('n4', 10.4, 10.4),
      cam('n5', 40.5, 40.5, { maker: 'dahua', covered: true }),
    ]);
    const box = { west: 0, south: 0, east: 20, north: 20 };
    expect(await store.cameras.countInBox(box)).toBe(4);
    expect(await store.cameras.countInBox(box, { covered: true })).toBe(2);
    expect((await store.cameras.inBox(world, { type: 'ALPR' })).map((c) => c.id)).toEqual(['n3']);
    expect(
      (await store.cameras.inBox(world, { maker: 'hikvision', operatorType: 'public' })).map(
        (c) => c.id,
      ),
    ).toEqual(['n1']);
    const clusters = await store.cameras.clusters(world, 5);
    expect(clusters.sort((a, b) => a.lat - b.lat)).toEqual([
      {
        lat: 10.25,
        lon: 10.25,
        count: 4,
        covered: 2,
        byMaker: { hikvision: 2, axis: 1, unknown: 1 },
      },
      { lat: 40.5, lon: 40.5, count: 1, covered: 1, byMaker: { dahua: 1 } },
    ]);
    expect(await store.cameras.stats(box)).toEqual({
      total: 4,
      covered: 2,
      byMaker: [
        { maker: 'hikvision', count: 2, covered: 2 },
        { maker: 'axis', count: 1, covered: 0 },
        { maker: 'unknown', count: 1, covered: 0 },
      ],
      byOperatorType: { unknown: 2, private: 1, public: 1 },
      byType: { camera: 3, ALPR: 1 },
      byCountry: [{ key: 'unknown', count: 4, covered: 2 }],
      byCity: [{ key: 'unknown', count: 4, covered: 2 }],
    });
    const page1 = await store.cameras.scan({}, undefined, 0, 3);
    const page2 = await store.cameras.scan({}, undefined, page1.at(-1)!.rowid, 3);
    expect([...page1, ...page2].map((r) => r.camera.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(
      (await store.cameras.scan({ covered: true }, box, 0, 10)).map((r) => r.camera.id),
    ).toEqual(['n1', 'n2']);
    await store.close();
  });

  it('answers low zooms from a precomputed grid while it is fresh, from the cameras when not', async () => {
    const store = openSqliteStore(dbPath());
    await store.cameras.upsert([
      cam('n1', 10.1, 10.1, { maker: 'hikvision', covered: true, operatorType: 'public' }),
      cam('n2', 10.2, 10.3, { maker: 'hikvision', covered: true }),
      cam('n3', 10.3, 10.2, { maker: 'axis', type: 'ALPR' }),
      cam('n4', 40.5, 40.5),
    ]);
    const direct = await store.cameras.clusters(world, 5.625);
    await store.cameras.refreshClusters();
    const sort = (cs: { lat: number }[]) => cs.sort((a, b) => a.lat - b.lat);
    expect(sort(await store.cameras.clusters(world, 5.625))).toEqual(sort(direct));
    expect(await store.cameras.clusters(world, 5.625, { type: 'ALPR' })).toEqual([
      { lat: 10.3, lon: 10.2, count: 1, covered: 0, byMaker: { axis: 1 } },
    ]);
    expect(
      (await store.cameras.clusters(world, 5.625, { covered: true, operatorType: 'public' }))[0],
    ).toMatchObject({ count: 1, covered: 1 });
    // A write makes the grid stale: answers come from the cameras again until the next refresh.
    await store.cameras.remove(['n1']);
    expect((await store.cameras.clusters(world, 5.625)).map((c) => c.count).sort()).toEqual([1, 2]);
    await store.close();
  });

  it('indexes a first bulk import once at the end, with the same answers before and after', async () => {
    const path = dbPath();
    const store = openSqliteStore(path);
    // A grid of 80 x 80 cameras around Belgrade, one write into the empty table.
    const many = Array.from({ length: 6400 }, (_, i) =>
      cam(`n${i}`, 44.7 + Math.floor(i / 80) * 0.002, 20.3 + (i % 80) * 0.002),
    );
    await store.cameras.upsert(many);
    const indexes = () =>
      new Database(path, { readonly: true })
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cameras'")
        .pluck()
        .all();
    expect(indexes()).not.toContain('cameras_zkey');
    const box = { west: 20.349, south: 44.749, east: 20.371, north: 44.761 };
    const before = (await store.cameras.inBox(box)).map((c) => c.id);
    expect(before).toHaveLength(11 * 6);
    // The grid summed while writing is the one a pass over the table gives.
    const sort = (cs: CameraCluster[]) =>
      cs.sort(
        (a, b) =>
          Math.round(a.lat * 1e6) - Math.round(b.lat * 1e6) ||
          Math.round(a.lon * 1e6) - Math.round(b.lon * 1e6),
      );
    // Every level of the grid, as grouping the cameras gives it before the grid exists.
    const direct = await Promise.all(
      cellLevels.map(async (size) => sort(await store.cameras.clusters(world, size))),
    );
    await store.cameras.refreshClusters();
    for (const [level, size] of cellLevels.entries()) {
      const grid = sort(await store.cameras.clusters(world, size));
      const want = direct[level] ?? [];
      expect(grid.map((c) => c.count)).toEqual(want.map((c) => c.count));
      grid.forEach((c, i) => expect(c.lat).toBeCloseTo(want[i]?.lat ?? 0, 9));
    }
    // Zoom 12 asks for cells half the finest level's: that level answers, a few rows per cell.
    expect(sort(await store.cameras.clusters(world, 360 / 2 ** 12 / 4))).toEqual(
      sort(await store.cameras.clusters(world, cellLevels.at(-1) ?? 0)),
    );
    expect(direct.at(-1)?.length).toBeGreaterThan(direct.at(-2)?.length ?? 0);
    expect(indexes()).toContain('cameras_zkey');
    expect((await store.cameras.inBox(box)).map((c) => c.id)).toEqual(before);
    expect(await store.cameras.countInBox(box)).toBe(66);
    // Later writes into a table that holds cameras keep the index.
    await store.cameras.upsert(many.map((c) => ({ ...c, id: c.id.replace('n', 'w') })));
    expect(indexes()).toContain('cameras_zkey');
    expect(await store.cameras.countInBox(box)).toBe(132);
    await store.close();
  });

  it('appends a bulk import with a small page cache, and sorts its index with the whole one', async () => {
    const path = dbPath();
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma('cache_size = -32768');
    const policy = { busyTimeoutMs: 100, retries: 0 };
    const cameras = new SqliteCameras(
      gatedConn(db, () => Promise.resolve(), policy, { file: path, access: 'write' }),
    );
    const cacheKib = () => -(db.pragma('cache_size', { simple: true }) as number);
    // The cache when the position index is sorted.
    let cacheAtIndex: number | undefined;
    const exec = db.exec.bind(db);
    db.exec = (sql: string) => {
      if (sql.includes('CREATE INDEX')) cacheAtIndex = cacheKib();
      return exec(sql);
    };
    await cameras.upsert(Array.from({ length: 999 }, (_, i) => cam(`n${i}`, 1, 1)));
    expect(cacheKib()).toBe(32768);
    // A bulk write that fails is rolled back, and so is its small cache.
    const failing = Array.from({ length: 1000 }, (_, i) => cam(`w${i}`, i === 999 ? 91 : 1, 1));
    await cameras.remove(Array.from({ length: 999 }, (_, i) => `n${i}`));
    await expect(cameras.upsert(failing)).rejects.toThrow();
    expect(cacheKib()).toBe(32768);
    await cameras.upsert(Array.from({ length: 1000 }, (_, i) => cam(`n${i}`, 1, 1)));
    expect(cacheKib()).toBe(4096);
    await cameras.upsert(Array.from({ length: 1000 }, (_, i) => cam(`w${i}`, 1, 1)));
    expect(cacheKib()).toBe(4096);
    await cameras.refreshClusters();
    expect(cacheAtIndex).toBe(32768);
    expect(cacheKib()).toBe(32768);
    // An update ends the bulk state too (the table is no longer just its inserts).
    await cameras.remove(Array.from({ length: 1000 }, (_, i) => `n${i}`));
    await cameras.remove(Array.from({ length: 1000 }, (_, i) => `w${i}`));
    await cameras.upsert(Array.from({ length: 1000 }, (_, i) => cam(`r${i}`, 1, 1)));
    expect(cacheKib()).toBe(4096);
    await cameras.upsert([cam('r1', 2, 2, { version: 2 })]);
    expect(cacheKib()).toBe(32768);
    db.close();
  });

  it('marks a grid built before the zoom-11 level stale, and the next refresh fills it (migration 16)', async () => {
    const path = dbPath();
    const old = openSqliteStore(path, {
      migrations: sqliteMigrations.filter((m) => m.version < 16),
    });
    await old.close();
    // Written as a v15 store wrote them (this code writes the keyed table of migration 17).
    const v15 = new Database(path);
    v15.exec(`INSERT INTO cameras (id, lat, lon, zkey, covered, type, data_json) VALUES
        ('n1', 44.8, 20.46, ${zkey(44.8, 20.46)}, 0, 'camera', '{}'),
        ('n2', 44.81, 20.5, ${zkey(44.81, 20.5)}, 0, 'camera', '{}');
      INSERT INTO camera_cells (level, gx, gy, maker, covered, type, operator_type, n, slat, slon)
        VALUES (0, 0, 0, '', 0, 'camera', '', 2, 89.61, 40.96);`);
    v15.close();
    const fresh = () =>
      new Database(path, { readonly: true })
        .prepare("SELECT value FROM camera_state WHERE key = 'cells_fresh'")
        .pluck()
        .get();
    expect(fresh()).toBe('1');
    const store = openSqliteStore(path);
    expect(fresh()).toBe('0');
    const finest = cellLevels.at(-1) ?? 0;
    // Stale: grouped from the cameras, so the view is whole before any re-import.
    expect((await store.cameras.clusters(world, finest)).map((c) => c.count)).toEqual([1, 1]);
    await store.cameras.refreshClusters();
    expect(fresh()).toBe('1');
    expect((await store.cameras.clusters(world, finest)).map((c) => c.count)).toEqual([1, 1]);
    await store.close();
  });

  it('moves cameras stored under the R*Tree schema to Z-order keys (migration 14)', async () => {
    const path = dbPath();
    const old = openSqliteStore(path, {
      migrations: sqliteMigrations.filter((m) => m.version < 14),
    });
    await old.close();
    const db = new Database(path);
    db.prepare(
      "INSERT INTO cameras (id, lat, lon, covered, type, data_json) VALUES ('n1', 51.5, -0.12, 0, 'camera', '{}')",
    ).run();
    db.prepare(
      'INSERT INTO cameras_rtree (rowid, min_lon, max_lon, min_lat, max_lat) VALUES (1, -0.12, -0.12, 51.5, 51.5)',
    ).run();
    db.close();
    const store = openSqliteStore(path);
    expect(await store.migrations()).toContain(14);
    expect(
      (await store.cameras.inBox({ west: -0.2, south: 51.4, east: 0, north: 51.6 })).map(
        (c) => c.id,
      ),
    ).toEqual(['n1']);
    expect(await store.cameras.inBox({ west: 0, south: 51.4, east: 0.2, north: 51.6 })).toEqual([]);
    await store.close();
  });

  it('keys cameras stored by text id by their OSM element, losing none (migration 17)', async () => {
    const path = dbPath();
    const old = openSqliteStore(path, {
      migrations: sqliteMigrations.filter((m) => m.version < 17),
    });
    await old.close();
    const v16 = new Database(path);
    const put = v16.prepare(
      "INSERT INTO cameras (id, lat, lon, zkey, version, covered, type, country, city, city_from_tag, data_json) VALUES (?, ?, ?, ?, 3, 1, 'camera', 'Serbia', 'Belgrade', 1, ?)",
    );
    // Inserted out of id order, as text ids were: "n100" before "n20", a negative (JOSM) id.
    for (const [id, lat, lon] of [
      ['n100', 44.8, 20.46],
      ['w20', 44.81, 20.5],
      ['n20', 44.82, 20.4],
      ['r7', 44.83, 20.41],
      ['n-4', 44.84, 20.42],
      // Ids an older version took from hostile files; no OSM element has them.
      ['n1e+21', 44.85, 20.43],
      ['n01', 44.85, 20.43],
      ['x5', 44.85, 20.43],
      ['n', 44.85, 20.43],
      ['', 44.85, 20.43],
      ['n9223372036854775808', 44.85, 20.43],
      [`w${2 ** 51 + 1}`, 44.85, 20.43],
    ] as const)
      put.run(id, lat, lon, zkey(lat, lon), JSON.stringify({ note: id }));
    v16.prepare("UPDATE camera_state SET value = '1' WHERE key = 'cells_fresh'").run();
    v16.close();
    const store = openSqliteStore(path);
    expect(await store.migrations()).toContain(17);
    expect([...(await store.cameras.ids())].sort()).toEqual(['n-4', 'n100', 'n20', 'r7', 'w20']);
    expect(await store.cameras.get('w20')).toMatchObject({
      id: 'w20',
      lat: 44.81,
      version: 3,
      covered: true,
      country: 'Serbia',
      city: 'Belgrade',
      cityFromTag: true,
      data: { note: 'w20' },
    });
    expect(await store.cameras.get('x20')).toBeUndefined();
    const belgrade = { west: 20.3, south: 44.7, east: 20.6, north: 44.9 };
    expect(await store.cameras.countInBox(belgrade)).toBe(5);
    // The grid is made again from the cameras kept.
    expect((await store.cameras.clusters(belgrade, 1)).reduce((n, c) => n + c.count, 0)).toBe(5);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT rowid FROM cameras WHERE id = 'n-4'").pluck().get()).toBe(-16);
    expect(
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cameras'")
        .pluck()
        .all(),
    ).toEqual(['cameras_zkey']);
    db.close();
    expect(await store.cameras.remove(['n-4', 'n100', 'bad'])).toBe(2);
    expect([...(await store.cameras.ids())].sort()).toEqual(['n20', 'r7', 'w20']);
    // Exports page by rowid, which is now the element's key.
    expect(
      (await store.cameras.scan({}, undefined, beforeFirstRowid, 10)).map((r) => r.camera.id),
    ).toEqual(['r7', 'n20', 'w20']);
    await store.close();
  });

  it('refuses an id that is no OSM element, and writes none of its batch', async () => {
    const store = openSqliteStore(dbPath());
    await expect(store.cameras.upsert([cam('n1', 1, 1), cam('camera-2', 1, 1)])).rejects.toThrow(
      /street camera's id "camera-2" is not an OSM element/,
    );
    expect(await store.cameras.ids()).toEqual([]);
    await store.close();
  });

  it('rolls back with the transaction', async () => {
    const store = openSqliteStore(dbPath());
    await store
      .transaction(async (tx) => {
        await tx.cameras.upsert([cam('n1', 1, 1)]);
        throw new Error('stop');
      })
      .catch(() => undefined);
    expect(await store.cameras.ids()).toEqual([]);
    expect(await store.cameras.countInBox(world)).toBe(0);
    await store.close();
  });
});
