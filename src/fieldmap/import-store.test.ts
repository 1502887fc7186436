// The import into a real SQLite file: idempotent, updated in place by a change file, and no
// trace of who mapped the cameras anywhere in the database's bytes.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { openSqliteStore } from '../store/index.js';
import { cameraOfRecord, cameraSink } from './camera-store.js';
import { openOsmFile } from './fs-osm.js';
import { countryLocator } from './fs-countries.js';
import { importElements } from './import.js';
import { MakerResolver } from './maker.js';
import {
  fixtureEditors,
  fixtureGeoJson,
  fixtureOsc,
  fixtureOsmXml,
  fixtureOverpassJson,
} from './testdata/osm-fixture.js';

const { kb } = await loadKb();
const makers = new MakerResolver(kb, '2026-11-28');

describe('import into the store', () => {
  it('keeps no user name, user id or changeset in the database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sousveil-mapdb-'));
    const db = join(dir, 'map.db');
    const store = openSqliteStore(db);
    for (const [name, text] of [
      ['city.osm', fixtureOsmXml()],
      ['city.json', fixtureOverpassJson()],
      ['city.geojson', fixtureGeoJson()],
      ['change.osc', fixtureOsc()],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      await importElements(await openOsmFile(path), cameraSink(store.cameras), makers);
    }
    expect(await store.cameras.countInBox({ west: -180, south: -90, east: 180, north: 90 })).toBe(
      9,
    );
    await store.close();
    const bytes = ['', '-wal', '-shm']
      .map((s) => db + s)
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p).toString('latin1'))
      .join('\n');
    expect(bytes).toContain('Polizei Berlin');
    for (const secret of [
      ...fixtureEditors.users,
      ...fixtureEditors.uids,
      ...fixtureEditors.changesets,
    ])
      expect(bytes, secret).not.toContain(secret);
  });

  it('re-imports idempotently and applies a change file in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sousveil-mapdb-'));
    const store = openSqliteStore(join(dir, 'map.db'));
    const osm = join(dir, 'city.osm');
    const osc = join(dir, 'change.osc');
    writeFileSync(osm, fixtureOsmXml());
    writeFileSync(osc, fixtureOsc());
    const run = async (path: string) =>
      importElements(await openOsmFile(path), cameraSink(store.cameras), makers);
    expect(await run(osm)).toMatchObject({ inserted: 10, updated: 0 });
    const before = await store.cameras.ids();
    expect(await run(osm)).toMatchObject({ inserted: 0, updated: 0, unchanged: 10, removed: 0 });
    expect(await store.cameras.ids()).toEqual(before);
    expect(await run(osc)).toMatchObject({ inserted: 1, updated: 1, removed: 2 });
    expect(await store.cameras.get('n107')).toBeUndefined();
    expect(await store.cameras.get('n108')).toBeUndefined();
    const n103 = await store.cameras.get('n103');
    expect(n103).toMatchObject({ version: 5, maker: 'dahua', covered: true });
    expect(n103 && cameraOfRecord(n103).tags.manufacturer).toBe('Dahua');
    const n111 = await store.cameras.get('n111');
    expect(n111).toMatchObject({ maker: 'dahua', covered: true, lat: 52.5233, lon: 13.4151 });
    await store.close();
  });

  it('gives each camera its country and city or area, and counts by them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sousveil-mapdb-'));
    const store = openSqliteStore(join(dir, 'map.db'));
    const osm = join(dir, 'city.osm');
    // The fixture city plus the place nodes of Berlin and Lisbon, and a camera whose own
    // addr:city names another area than the nearest place.
    const places = `  <node id="900" lat="52.5170" lon="13.3889"><tag k="place" v="city"/><tag k="name" v="Berlin"/></node>
  <node id="901" lat="38.7077" lon="-9.1365"><tag k="place" v="city"/><tag k="name" v="Lisboa"/></node>
  <node id="902" lat="52.5230" lon="13.4150"><tag k="man_made" v="surveillance"/><tag k="addr:city" v="Mitte"/></node>
`;
    writeFileSync(osm, fixtureOsmXml().replace('</osm>', `${places}</osm>`));
    const countries = countryLocator();
    const sink = cameraSink(store.cameras);
    const report = await importElements(await openOsmFile(osm), sink, makers, undefined, {
      countries,
    });
    expect(report).toMatchObject({ inserted: 11, places: 2 });
    expect(await store.cameras.get('n101')).toMatchObject({ country: 'Germany', city: 'Berlin' });
    expect(await store.cameras.get('w201')).toMatchObject({ country: 'Germany', city: 'Berlin' });
    expect(await store.cameras.get('n109')).toMatchObject({ country: 'Portugal', city: 'Lisboa' });
    expect(await store.cameras.get('n902')).toMatchObject({ city: 'Mitte', cityFromTag: true });

    // A change file has no places: its new camera is placed by the places kept.
    const osc = join(dir, 'change.osc');
    writeFileSync(osc, fixtureOsc());
    await importElements(await openOsmFile(osc), sink, makers, undefined, { countries });
    expect(await store.cameras.get('n111')).toMatchObject({ country: 'Germany', city: 'Berlin' });

    const stats = await store.cameras.stats();
    expect(stats.byCountry).toEqual([
      { key: 'Germany', count: 9, covered: expect.any(Number) as number },
      { key: 'Portugal', count: 1, covered: 1 },
    ]);
    expect(stats.byCity.map((c) => [c.key, c.country, c.count])).toEqual([
      ['Berlin', 'Germany', 8],
      ['Mitte', 'Germany', 1],
      ['Lisboa', 'Portugal', 1],
    ]);
    await store.close();
  });
});
