import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CameraRecord } from '../store.js';
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
