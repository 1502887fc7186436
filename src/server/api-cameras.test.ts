/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- API replies are read as untyped JSON */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraCollection, CameraStatsAnswer } from '../contract/index.js';
import { countryLocator } from '../fieldmap/fs-countries.js';
import { openOsmFile } from '../fieldmap/fs-osm.js';
import { cameraSink, importElements, MakerResolver } from '../fieldmap/index.js';
import { fixtureOsmXml } from '../fieldmap/testdata/osm-fixture.js';
import { loadKb } from '../kb/index.js';
import type { Store } from '../store/index.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { openTestStore } from './test-store.js';
import { call } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-api-cams-'));
let store: Store;
let obs: Observatory;

beforeAll(async () => {
  const { kb } = await loadKb();
  store = await openTestStore(join(dir, 'cams.db'));
  const osm = join(dir, 'city.osm');
  // The fixture city with a place node, so cameras get a city as well as a country.
  writeFileSync(
    osm,
    fixtureOsmXml().replace(
      '</osm>',
      '<node id="900" version="1" lat="52.52" lon="13.405"><tag k="place" v="city"/><tag k="name" v="Berlin"/></node></osm>',
    ),
  );
  await importElements(
    await openOsmFile(osm),
    cameraSink(store.cameras),
    new MakerResolver(kb, '2026-11-28'),
    undefined,
    { countries: countryLocator() },
  );
  obs = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
  });
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (query: string) => {
  const r = await call(obs.url, `/api/v1/cameras${query}`);
  return { status: r.status, body: r.json() };
};
const street = '13.405,52.518,13.42,52.525';

describe('GET /api/v1/cameras', () => {
  it('gives clusters with their covered share and makers at low zoom', async () => {
    const { status, body } = await get('?bbox=-180,-85,180,85&zoom=3');
    expect(status).toBe(200);
    expect(CameraCollection.parse(body)).toEqual(body);
    expect(body).toMatchObject({ mode: 'clusters', total: 10, truncated: false });
    expect(body.attribution).toContain('OpenStreetMap contributors');
    const counts = body.features.map((f: { properties: { count: number } }) => f.properties.count);
    expect(counts.sort()).toEqual([1, 9]);
    const berlin = body.features.find(
      (f: { properties: { count: number } }) => f.properties.count === 9,
    );
    expect(berlin.properties).toMatchObject({ cluster: true, byMaker: { hikvision: 4, dahua: 1 } });
    expect(berlin.properties.covered).toBe(body.covered - 1);
  });

  it('gives single cameras with direction, angle, maker and the OSM link at street zoom', async () => {
    const { body } = await get(`?bbox=${street}&zoom=17`);
    expect(CameraCollection.parse(body)).toEqual(body);
    expect(body.mode).toBe('cameras');
    const n102 = body.features.find((f: { id: string }) => f.id === 'n102');
    expect(n102.geometry.coordinates).toEqual([13.4139, 52.5221]);
    expect(n102.properties).toMatchObject({
      cluster: false,
      maker: 'dahua',
      covered: true,
      status: 'named',
      directions: [135],
      angle: 90,
      osm: 'https://www.openstreetmap.org/node/102',
      country: 'Germany',
      city: 'Berlin',
    });
    expect(Object.keys(body.sources).length).toBeGreaterThan(0);
    for (const id of n102.properties.sources) expect(body.sources[id]?.title).toBeTruthy();
  });

  it('filters by maker, covered and type', async () => {
    const hik = await get(`?bbox=${street}&zoom=17&maker=Hik%20Vision`);
    expect(hik.body.features.map((f: { id: string }) => f.id).sort()).toEqual([
      'n101',
      'n105',
      'n107',
      'n108',
    ]);
    const uncovered = await get(`?bbox=${street}&zoom=17&covered=false`);
    expect(
      uncovered.body.features.every(
        (f: { properties: { covered: boolean } }) => !f.properties.covered,
      ),
    ).toBe(true);
    const alpr = await get(`?bbox=${street}&zoom=17&type=ALPR`);
    expect(alpr.body.features.map((f: { id: string }) => f.id)).toEqual(['n104']);
  });

  it.each([
    ['?zoom=3', 'bbox'],
    ['?bbox=1,2,3&zoom=3', 'not west,south,east,north'],
    ['?bbox=10,0,0,10&zoom=3', 'west must not exceed east'],
    ['?bbox=0,0,1,1', 'zoom'],
    ['?bbox=0,0,1,1&zoom=99', 'zoom'],
    ['?bbox=0,0,1,1&zoom=3&covered=yes', 'covered must be true or false'],
    ['?bbox=0,0,1,1&zoom=3&maker=Nobody', 'not in the knowledge base'],
  ])('refuses %s', async (query, message) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.error).toContain(message);
  });
});

describe('GET /api/v1/cameras/stats', () => {
  it('counts by maker with names, covered, operator type and type', async () => {
    const r = await call(obs.url, `/api/v1/cameras/stats?bbox=${street}`);
    const body = r.json();
    expect(CameraStatsAnswer.parse(body)).toEqual(body);
    expect(body.total).toBe(9);
    expect(body.byMaker[0]).toMatchObject({ maker: 'hikvision', name: 'Hikvision', count: 4 });
    expect(body.byType).toMatchObject({ ALPR: 1 });
    expect(body.byOperatorType).toMatchObject({ public: 1, private: 1 });
  });
});
