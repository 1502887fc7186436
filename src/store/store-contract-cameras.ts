// The store contract's street-map cases (see store-contract.ts): cameras imported by version,
// found in a viewport at street zoom, clustered at low zoom (from the cameras and from the
// precomputed grid, which must agree), counted, placed in cities, removed and untagged.
import { expect, it } from 'vitest';
import { cellLevels } from './camera-rows.js';
import { beforeFirstRowid, type CameraCluster, type CameraRecord, type Store } from './store.js';

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

/** Clusters in a stable order, their centres rounded (sums may add up in another order). */
const sorted = (cs: CameraCluster[]) =>
  cs
    .map((c) => ({ ...c, lat: Number(c.lat.toFixed(9)), lon: Number(c.lon.toFixed(9)) }))
    .sort((a, b) => a.lat - b.lat || a.lon - b.lon);

/** Registers the camera cases on `withStore` (a fresh, empty store per case). */
export function cameraCases(withStore: (fn: (s: Store) => Promise<void>) => () => Promise<void>) {
  it(
    'cameras: imported by version, found in a street-zoom viewport, moved, removed and untagged',
    withStore(async (s) => {
      expect(await s.cameras.upsert([cam('n1', 1, 2, { version: 2 }), cam('n2', 3, 4)])).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
      });
      expect(await s.cameras.upsert([cam('n1', 1, 2, { version: 2 })])).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 1,
      });
      // An older version never replaces a newer one; a newer one moves the camera in the index.
      expect(await s.cameras.upsert([cam('n1', 9, 9, { version: 1 })])).toMatchObject({
        unchanged: 1,
      });
      // Twice in one batch: the second sees the first.
      expect(
        await s.cameras.upsert([
          cam('n3', 7, 7, { version: 1 }),
          cam('n3', 7.5, 7.5, { version: 2, maker: 'axis' }),
          cam('n1', 5, 6, { version: 3, maker: 'dahua', covered: true }),
        ]),
      ).toEqual({ inserted: 1, updated: 2, unchanged: 0 });
      expect(await s.cameras.get('n1')).toEqual(
        cam('n1', 5, 6, { version: 3, maker: 'dahua', covered: true }),
      );
      expect(await s.cameras.get('n3')).toMatchObject({ lat: 7.5, maker: 'axis', version: 2 });
      expect(await s.cameras.get('n9')).toBeUndefined();
      // A street-zoom viewport (about 0.01° across), bounds included.
      const street = { west: 5.995, south: 4.995, east: 6.005, north: 5.005 };
      expect((await s.cameras.inBox(street)).map((c) => c.id)).toEqual(['n1']);
      expect((await s.cameras.inBox({ west: 6, south: 5, east: 6, north: 5 })).length).toBe(1);
      expect(await s.cameras.inBox({ west: 1.99, south: 0.99, east: 2.01, north: 1.01 })).toEqual(
        [],
      );
      expect(await s.cameras.countInBox(street, { covered: false })).toBe(0);
      // Untagged upstream: the import removes it; unknown ids are ignored.
      expect(await s.cameras.remove(['n1', 'n9'])).toBe(1);
      expect((await s.cameras.ids()).sort()).toEqual(['n2', 'n3']);
      expect(await s.cameras.countInBox(world)).toBe(2);
      expect(await s.cameras.inBox(street)).toEqual([]);
      expect((await s.changes()).areas.map).toBeGreaterThan(0);
    }),
  );

  it(
    'cameras: a camera whose data is the same is written again when its position, version or country changed',
    withStore(async (s) => {
      const data = { tags: { man_made: 'surveillance' } };
      const at = (lat: number, extra: Partial<CameraRecord> = {}) =>
        cam('n1', lat, 2, { data, ...extra });
      await s.cameras.upsert([at(1)]);
      const again = async (c: CameraRecord) => (await s.cameras.upsert([c])).updated;
      expect(await again(at(1))).toBe(0);
      expect(await again(at(1.5))).toBe(1);
      expect(await again(at(1.5, { version: 4 }))).toBe(1);
      expect(await again(at(1.5, { version: 4, country: 'Serbia' }))).toBe(1);
      expect(await again(at(1.5, { version: 4, country: 'Serbia' }))).toBe(0);
      expect(await s.cameras.get('n1')).toMatchObject({ lat: 1.5, version: 4, country: 'Serbia' });
    }),
  );

  it(
    "cameras: the grid's finest level (zoom 11's cells) answers zoom 12 too",
    withStore(async (s) => {
      // Two cameras in one cell of the finest level (10.371° to 10.415°), in its two halves.
      await s.cameras.upsert([cam('n1', 10.38, 10.375), cam('n2', 10.38, 10.41)]);
      const finest = cellLevels.at(-1) ?? 0;
      const one = [{ lat: 10.38, lon: 10.3925, count: 2, covered: 0, byMaker: { unknown: 2 } }];
      expect(sorted(await s.cameras.clusters(world, finest))).toEqual(one);
      // Before the grid exists, zoom 12's cells are grouped from the cameras: two of them.
      expect(await s.cameras.clusters(world, finest / 2)).toHaveLength(2);
      await s.cameras.refreshClusters();
      expect(sorted(await s.cameras.clusters(world, finest))).toEqual(one);
      expect(sorted(await s.cameras.clusters(world, finest / 2))).toEqual(one);
      // Zoom 13 and finer never read the grid.
      expect(await s.cameras.clusters(world, finest / 4)).toHaveLength(2);
    }),
  );

  it(
    'cameras: filtered, clustered at low zoom (grid and cameras agree), counted by group',
    withStore(async (s) => {
      await s.cameras.upsert([
        cam('n1', 10.1, 10.1, { maker: 'hikvision', covered: true, operatorType: 'public' }),
        cam('n2', 10.2, 10.3, { maker: 'hikvision', covered: true, country: 'Serbia' }),
        cam('n3', 10.3, 10.2, { maker: 'axis', type: 'ALPR', operatorType: 'private' }),
        cam('n4', 10.4, 10.4, { country: 'Serbia', city: 'Novi Sad', cityFromTag: true }),
        cam('n5', 40.5, 40.5, { maker: 'dahua', covered: true, country: '' }),
        cam('n6', 10.45, 10.45, { country: 'Serbia', city: 'Beograd' }),
        cam('n7', 10.46, 10.46, { country: 'Serbia', city: 'Beograd', maker: 'axis' }),
      ]);
      const box = { west: 0, south: 0, east: 20, north: 20 };
      expect(await s.cameras.countInBox(box)).toBe(6);
      expect(await s.cameras.countInBox(box, { covered: true })).toBe(2);
      expect((await s.cameras.inBox(world, { type: 'ALPR' })).map((c) => c.id)).toEqual(['n3']);
      expect(
        (await s.cameras.inBox(world, { maker: 'hikvision', operatorType: 'public' })).map(
          (c) => c.id,
        ),
      ).toEqual(['n1']);
      expect((await s.cameras.inBox(box, {}, 2)).map((c) => c.id)).toEqual(['n1', 'n2']);
      const direct = await s.cameras.clusters(world, 5.625);
      expect(sorted(direct)).toEqual([
        {
          lat: Number((61.91 / 6).toFixed(9)),
          lon: Number((61.91 / 6).toFixed(9)),
          count: 6,
          covered: 2,
          byMaker: { hikvision: 2, axis: 2, unknown: 2 },
        },
        { lat: 40.5, lon: 40.5, count: 1, covered: 1, byMaker: { dahua: 1 } },
      ]);
      await s.cameras.refreshClusters();
      expect(sorted(await s.cameras.clusters(world, 5.625))).toEqual(sorted(direct));
      expect(await s.cameras.clusters(world, 5.625, { type: 'ALPR' })).toEqual([
        { lat: 10.3, lon: 10.2, count: 1, covered: 0, byMaker: { axis: 1 } },
      ]);
      expect(
        (await s.cameras.clusters(world, 5.625, { covered: true, operatorType: 'public' }))[0],
      ).toMatchObject({ count: 1, covered: 1 });
      // A write makes the grid stale: answers come from the cameras until the next refresh.
      await s.cameras.remove(['n1']);
      expect((await s.cameras.clusters(world, 5.625)).map((c) => c.count).sort()).toEqual([1, 5]);
      expect(await s.cameras.stats(box)).toEqual({
        total: 5,
        covered: 1,
        byMaker: [
          { maker: 'axis', count: 2, covered: 0 },
          { maker: 'unknown', count: 2, covered: 0 },
          { maker: 'hikvision', count: 1, covered: 1 },
        ],
        byOperatorType: { unknown: 4, private: 1 },
        byType: { camera: 4, ALPR: 1 },
        byCountry: [
          { key: 'Serbia', count: 4, covered: 1 },
          { key: 'unknown', count: 1, covered: 0 },
        ],
        // Largest first; between equals, a known city before the unknown ones.
        byCity: [
          { key: 'Beograd', country: 'Serbia', count: 2, covered: 0 },
          { key: 'unknown', count: 2, covered: 1 },
          { key: 'Novi Sad', country: 'Serbia', count: 1, covered: 0 },
        ],
      });
      expect((await s.cameras.stats(undefined, {}, 2)).byCity).toHaveLength(2);
      const all = await s.cameras.stats();
      expect(all.total).toBe(6);
      expect(all.byCountry.map((g) => g.key)).toEqual(['Serbia', 'unknown', 'unknown']);
      const page1 = await s.cameras.scan({}, undefined, beforeFirstRowid, 3);
      const page2 = await s.cameras.scan({}, undefined, page1.at(-1)?.rowid ?? 0, 10);
      expect([...page1, ...page2].map((r) => r.camera.id)).toEqual([
        'n2',
        'n3',
        'n4',
        'n5',
        'n6',
        'n7',
      ]);
      expect(
        (await s.cameras.scan({ maker: 'axis' }, box, beforeFirstRowid, 10)).map(
          (r) => r.camera.id,
        ),
      ).toEqual(['n3', 'n7']);
    }),
  );

  it(
    'cameras: data made as JSON by a reader thread is stored as that JSON (`data` is null then)',
    withStore(async (s) => {
      const data = { tags: { man_made: 'surveillance', brand: 'Dahua' }, directions: [45] };
      const made = { ...cam('n5', 1, 2), data: null, dataJson: JSON.stringify(data) };
      await s.cameras.upsert([made]);
      expect((await s.cameras.get('n5'))?.data).toEqual(data);
      // The same JSON again is unchanged; new JSON updates it.
      expect(await s.cameras.upsert([made])).toMatchObject({ unchanged: 1 });
      const later = { ...made, dataJson: JSON.stringify({ ...data, directions: [90] }) };
      expect(await s.cameras.upsert([later])).toMatchObject({ updated: 1 });
      expect((await s.cameras.get('n5'))?.data).toEqual({ ...data, directions: [90] });
    }),
  );

  it(
    'cameras: an id that is no OSM element is refused with its batch',
    withStore(async (s) => {
      for (const bad of ['camera-1', 'n', 'n01', 'x5', `n${2 ** 50 + 1}`, 'n1e+21'])
        await expect(s.cameras.upsert([cam('n1', 1, 1), cam(bad, 1, 1)]), bad).rejects.toThrow(
          `a street camera's id "${bad}" is not an OSM element`,
        );
      expect([...(await s.cameras.ids())]).toEqual([]);
      await s.cameras.upsert([cam(`w-${2 ** 50}`, 1, 1), cam('r0', 1, 1)]);
      expect([...(await s.cameras.ids())].sort()).toEqual(['r0', `w-${2 ** 50}`]);
    }),
  );

  it(
    'cameras: placed in cities by OSM places, their own city tag kept; rolled back with a transaction',
    withStore(async (s) => {
      await s.cameras.savePlaces([
        { id: 'n100', name: 'Beograd', kind: 'city', lat: 44.8, lon: 20.46 },
        { id: 'n101', name: 'Zemun', kind: 'town', lat: 44.84, lon: 20.41 },
      ]);
      await s.cameras.savePlaces([
        { id: 'n101', name: 'Zemun', kind: 'suburb', lat: 44.85, lon: 20.4 },
      ]);
      expect((await s.cameras.places()).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'n100', name: 'Beograd', kind: 'city', lat: 44.8, lon: 20.46 },
        { id: 'n101', name: 'Zemun', kind: 'suburb', lat: 44.85, lon: 20.4 },
      ]);
      // A negative (JOSM) id: paging from beforeFirstRowid finds it on every backend.
      await s.cameras.upsert([
        cam('n-1', 44.81, 20.45),
        cam('n2', 44.82, 20.44, { city: 'Own', cityFromTag: true }),
        cam('n3', 44.85, 20.41),
      ]);
      const rows = await s.cameras.cityRows(beforeFirstRowid, 10);
      expect(rows.map((r) => [r.lat, r.city])).toEqual([
        [44.81, null],
        [44.85, null],
      ]);
      expect((await s.cameras.cityRows(rows[0]?.rowid ?? 0, 10)).map((r) => r.lat)).toEqual([
        44.85,
      ]);
      await s.cameras.setCities([
        { rowid: rows[0]?.rowid ?? 0, city: 'Beograd' },
        { rowid: rows[1]?.rowid ?? 0, city: 'Zemun' },
      ]);
      expect(await s.cameras.get('n-1')).toMatchObject({ city: 'Beograd', cityFromTag: false });
      expect(await s.cameras.get('n2')).toMatchObject({ city: 'Own', cityFromTag: true });
      await expect(
        s.transaction(async (tx) => {
          await tx.cameras.upsert([cam('n9', 1, 1)]);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await s.cameras.get('n9')).toBeUndefined();
      expect(await s.cameras.countInBox(world)).toBe(3);
    }),
  );
}
