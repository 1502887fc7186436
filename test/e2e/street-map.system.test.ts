/// <reference lib="dom" />
// End to end, the street map: the built observatory in Debian's chromium over a store holding the
// fixture city; zoom from the world into a street, clusters turn into cones, filter to covered
// cameras, open a popup, reload the URL to the same view, and no request leaves the host.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAtlas } from '../../src/cli/atlas-context.js';
import { openOsmFile } from '../../src/fieldmap/fs-osm.js';
import { cameraSink, importElements, MakerResolver } from '../../src/fieldmap/index.js';
import { fixtureOsmXml } from '../../src/fieldmap/testdata/osm-fixture.js';
import { loadKb } from '../../src/kb/index.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { openTestStore } from '../../src/server/test-store.js';
import type { Store } from '../../src/store/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
const shots = join(root, '.ci-report', 'screenshots');

let dir: string;
let store: Store;
let obs: Observatory;
let browser: Browser;
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sousveil-street-'));
  const { kb } = await loadKb();
  store = await openTestStore(join(dir, 'street.db'));
  await storedAtlas(store);
  const osm = join(dir, 'city.osm');
  writeFileSync(osm, fixtureOsmXml());
  await importElements(
    await openOsmFile(osm),
    cameraSink(store.cameras),
    new MakerResolver(kb, '2026-11-28'),
  );
  obs = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
    webDir,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await browser?.close();
  await obs?.close();
  await store?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === obs.url || url.protocol === 'data:' || url.protocol === 'blob:')
      await route.continue();
    else {
      foreign.push(url.href);
      await route.abort();
    }
  });
  await page.goto(`${obs.url}${path}`);
  return page;
}

interface TestMap {
  jumpTo: (o: { center: [number, number]; zoom: number }) => void;
  project: (ll: [number, number]) => { x: number; y: number };
  queryRenderedFeatures: (o: { layers: string[] }) => unknown[];
  getCanvas: () => HTMLCanvasElement;
}

/** Moves the map and waits for the camera answer of the new view. */
async function jump(
  page: Page,
  lon: number,
  lat: number,
  zoom: number,
  mode: string,
): Promise<void> {
  await page.evaluate(
    ([lo, la, z]) =>
      (window as unknown as { sousveilMap: TestMap }).sousveilMap.jumpTo({
        center: [lo, la],
        zoom: z,
      }),
    [lon, lat, zoom] as const,
  );
  await page
    .locator(`#map[data-camera-mode="${mode}"][data-camera-query*="|${Math.floor(zoom)}"]`)
    .waitFor({ timeout: 30_000 });
}

async function rendered(page: Page, layer: string): Promise<number> {
  await page.waitForFunction(
    (l) =>
      (window as unknown as { sousveilMap: TestMap }).sousveilMap.queryRenderedFeatures({
        layers: [l],
      }).length > 0,
    layer,
    { timeout: 30_000 },
  );
  return page.evaluate(
    (l) =>
      (window as unknown as { sousveilMap: TestMap }).sousveilMap.queryRenderedFeatures({
        layers: [l],
      }).length,
    layer,
  );
}

describe('street map in chromium', () => {
  it('zooms from clusters to cones, filters, opens a popup and reloads to the same view', async () => {
    const page = await open('/');
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.locator('#map[data-camera-mode="clusters"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.street-cameras .attribution').innerText()).toContain(
      'OpenStreetMap contributors',
    );
    expect(await rendered(page, 'street-clusters')).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.street-counts').innerText()).toMatch(
      /10 cameras in view, \d+ by covered makers/,
    );

    await jump(page, 13.4134, 52.5218, 8, 'clusters');
    await jump(page, 13.4134, 52.5218, 16, 'cameras');
    expect(await rendered(page, 'street-points')).toBeGreaterThanOrEqual(7);
    expect(await rendered(page, 'street-cones')).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(shots, 'street-cameras.png') });

    await page.selectOption('#street-ccovered', 'true');
    await page
      .locator('#map[data-camera-query^="?"][data-camera-query*="ccovered=true"]')
      .waitFor({ timeout: 30_000 });
    const covered = Number(await page.locator('#map').getAttribute('data-camera-features'));
    expect(covered).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.street-counts').innerText()).toContain(
      `${covered} cameras in view, ${covered} by covered makers (100%)`,
    );

    // n101, Hikvision, facing NE: click its dot.
    const at = await page.evaluate(() =>
      (window as unknown as { sousveilMap: TestMap }).sousveilMap.project([13.4132, 52.5219]),
    );
    const box = await page.locator('#map canvas').boundingBox();
    await page.mouse.click((box?.x ?? 0) + at.x, (box?.y ?? 0) + at.y);
    const popup = page.locator('.camera-popup');
    await popup.waitFor({ timeout: 10_000 });
    const text = await popup.innerText();
    expect(text).toContain('Made by: Hikvision');
    expect(text).toMatch(/covered \(named\) since \d{4}/);
    expect(text).toContain('Operator: Polizei Berlin (public)');
    expect(await popup.locator('a', { hasText: 'On OpenStreetMap' }).getAttribute('href')).toBe(
      'https://www.openstreetmap.org/node/101',
    );

    const url = page.url();
    expect(url).toContain('ccovered=true');
    await page.reload();
    await page.locator('#map[data-camera-mode="cameras"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#street-ccovered').inputValue()).toBe('true');
    expect(Number(await page.locator('#map').getAttribute('data-camera-features'))).toBe(covered);
    expect(page.url()).toBe(url);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
