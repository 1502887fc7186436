/// <reference lib="dom" />
// End to end, the street basemap (`serve --basemap`): the built observatory in Debian's chromium
// over the fixture city, once with a vector (MVT) PMTiles file and once with a raster (PNG) one,
// both written by the test's builder. The map reads the file with range requests to the same
// server (206 answers), draws it under the cameras, and no request leaves the host.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAtlas } from '../../src/cli/atlas-context.js';
import { openBasemap } from '../../src/fieldmap/fs-basemap.js';
import { openOsmFile } from '../../src/fieldmap/fs-osm.js';
import { cameraSink, importElements, MakerResolver } from '../../src/fieldmap/index.js';
import { buildPmtiles, solidPng, squareMvt } from '../../src/fieldmap/pmtiles-builder.js';
import { fixtureOsmXml } from '../../src/fieldmap/testdata/osm-fixture.js';
import { loadKb, type Kb } from '../../src/kb/index.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { openTestStore } from '../../src/server/test-store.js';
import { type Store } from '../../src/store/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
const shots = join(root, '.ci-report', 'screenshots');

let dir: string;
let kb: Kb;
let store: Store;
let browser: Browser;
const servers: Observatory[] = [];

/** Every tile of zooms 0 to `maxZoom`. */
function pyramid(maxZoom: number, data: (z: number) => Uint8Array) {
  const tiles = [];
  for (let z = 0; z <= maxZoom; z++)
    for (let x = 0; x < 2 ** z; x++)
      for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y, data: data(z) });
  return tiles;
}

beforeAll(async () => {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'sousveil-basemap-'));
  kb = (await loadKb()).kb;
  store = await openTestStore(join(dir, 'street.db'));
  await storedAtlas(store);
  const osm = join(dir, 'city.osm');
  writeFileSync(osm, fixtureOsmXml());
  await importElements(
    await openOsmFile(osm),
    cameraSink(store.cameras),
    new MakerResolver(kb, '2026-11-28'),
  );
  writeFileSync(
    join(dir, 'vector.pmtiles'),
    buildPmtiles({
      tileType: 'mvt',
      tiles: pyramid(3, () => squareMvt('water')),
      metadata: {
        vector_layers: [{ id: 'water', geometry_type: 'polygon' }],
        attribution: 'test streets',
      },
    }),
  );
  const shades = [solidPng([200, 60, 160], 64), solidPng([60, 160, 200], 64)];
  writeFileSync(
    join(dir, 'raster.pmtiles'),
    buildPmtiles({ tileType: 'png', tiles: pyramid(3, (z) => shades[z % 2] ?? new Uint8Array()) }),
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await browser?.close();
  for (const s of servers) await s.close();
  await store?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  foreign: string[];
  ranges: { range: string; status: number }[];
}

/** A server with `file` as its basemap, and a page at a street of the fixture city. */
async function open(file: string): Promise<{ page: Page; seen: Seen }> {
  const obs = await startObservatory({
    context: await apiContext(kb, store, { basemap: openBasemap(join(dir, file)) }),
    host: '127.0.0.1',
    port: 0,
    webDir,
  });
  servers.push(obs);
  const seen: Seen = { foreign: [], ranges: [] };
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === obs.url || url.protocol === 'data:' || url.protocol === 'blob:')
      await route.continue();
    else {
      seen.foreign.push(url.href);
      await route.abort();
    }
  });
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/basemap.pmtiles')
      seen.ranges.push({ range: r.request().headers().range ?? '', status: r.status() });
  });
  await page.goto(`${obs.url}/?lon=13.4134&lat=52.5218&z=15`);
  await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
  return { page, seen };
}

async function basemapLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = (
        window as unknown as {
          sousveilMap: {
            isSourceLoaded: (id: string) => boolean;
            getSource: (id: string) => unknown;
          };
        }
      ).sousveilMap;
      return m.getSource('basemap') !== undefined && m.isSourceLoaded('basemap');
    },
    undefined,
    { timeout: 30_000 },
  );
}

/** Range requests beyond the first (header and root directory): tiles were read. */
function expectTileRanges(seen: Seen): void {
  expect(seen.ranges.length).toBeGreaterThanOrEqual(2);
  for (const r of seen.ranges) {
    expect(r.range).toMatch(/^bytes=\d+-\d+$/);
    expect(r.status).toBe(206);
  }
}

describe('street basemap in chromium', () => {
  it('draws a vector PMTiles basemap read with range requests, with no other host', async () => {
    const { page, seen } = await open('vector.pmtiles');
    await page.locator('#map[data-basemap="mvt"]').waitFor({ timeout: 30_000 });
    await basemapLoaded(page);
    const drawn = await page.waitForFunction(
      () =>
        (
          window as unknown as {
            sousveilMap: { queryRenderedFeatures: (o: { layers: string[] }) => unknown[] };
          }
        ).sousveilMap.queryRenderedFeatures({ layers: ['basemap-water-fill'] }).length,
      undefined,
      { timeout: 30_000 },
    );
    expect(await drawn.jsonValue()).toBeGreaterThan(0);
    await page.locator('#map[data-camera-mode="cameras"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.basemap-attribution').innerText()).toContain('test streets');
    expectTileRanges(seen);
    expect(await page.locator('#map').getAttribute('data-map-error')).toBeNull();
    expect(seen.foreign).toEqual([]);
    await page.close();
  });

  it('draws a raster (PNG) PMTiles basemap the same way', async () => {
    const { page, seen } = await open('raster.pmtiles');
    await page.locator('#map[data-basemap="png"]').waitFor({ timeout: 30_000 });
    await basemapLoaded(page);
    await page.locator('#map[data-camera-mode="cameras"]').waitFor({ timeout: 30_000 });
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'street-basemap-raster.png') });
    expectTileRanges(seen);
    expect(await page.locator('#map').getAttribute('data-map-error')).toBeNull();
    expect(seen.foreign).toEqual([]);
    await page.close();
  });
});
