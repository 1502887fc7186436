/// <reference lib="dom" />
// End to end: the built observatory in Debian's chromium, driven by playwright-core, with every
// request to a host other than the server refused and recorded. Screenshots go to
// .ci-report/screenshots. Needs `npm run build` and /usr/bin/chromium (.ci/run installs it).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAtlas } from '../../src/cli/atlas-context.js';
import { loadKb } from '../../src/kb/index.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { openTestStore } from '../../src/server/test-store.js';
import { type Store } from '../../src/store/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
const shots = join(root, '.ci-report', 'screenshots');
const nmapXml = join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml');

let dir: string;
let store: Store;
let obs: Observatory;
let browser: Browser;
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sousveil-e2e-'));
  const { kb } = await loadKb();
  store = await openTestStore(join(dir, 'e2e.db'));
  await storedAtlas(store);
  obs = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
    webDir,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  // beforeAll may have failed before assigning these.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await browser?.close();
  await obs?.close();
  await store?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
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

/** Waits until the page's heading is there (the router has rendered). */
async function ready(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('main .loading') === null);
}

describe('observatory in chromium', () => {
  it('draws the world map offline, with a legend, and opens a country from its popup', async () => {
    const page = await open('/');
    const map = page.locator('#map[data-ready="true"]');
    await map.waitFor({ timeout: 60_000 });
    expect(Number(await map.getAttribute('data-countries'))).toBeGreaterThan(100);
    expect(await page.locator('.legend').innerText()).toContain('Surveillance projects recorded');
    await page.screenshot({ path: join(shots, 'map-1440.png') });
    const point = await page.evaluate(() => {
      const m = (
        window as unknown as {
          sousveilMap: { project: (ll: [number, number]) => { x: number; y: number } };
        }
      ).sousveilMap;
      return m.project([-78.4, -1.4]);
    });
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    await page.mouse.click((box?.x ?? 0) + point.x, (box?.y ?? 0) + point.y);
    await page.locator('.maplibregl-popup a', { hasText: 'Open the country' }).click();
    await page.waitForURL(/\/countries\/EC$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ecuador');
    expect(await page.locator('main').innerText()).toMatch(/ECU[ -]911/);
    await page.close();
  });

  it('shades surveillance projects only: Greece and Sri Lanka hold ports alone', async () => {
    const page = await open('/');
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    const shaded = await page.evaluate(() => {
      const m = (
        window as unknown as {
          sousveilMap: {
            querySourceFeatures: (
              s: string,
            ) => Array<{ properties: { id?: string; surveillance?: number } }>;
          };
        }
      ).sousveilMap;
      return m
        .querySourceFeatures('countries')
        .filter((f) => (f.properties.surveillance ?? 0) > 0)
        .map((f) => f.properties.id);
    });
    // Djibouti holds a port and, since the atlas grew, a surveillance project: shaded.
    for (const c of ['EC', 'DJ']) expect(shaded).toContain(c);
    for (const c of ['GR', 'LK']) expect(shaded).not.toContain(c);
    await page.close();
  });

  it('a filtered map view survives a reload from its URL', async () => {
    const page = await open('/');
    await ready(page);
    await page.selectOption('#f-vendor', 'huawei');
    await page.waitForURL(/vendor=huawei/);
    await page.locator('.country-list[data-query*="vendor=huawei"]').waitFor();
    const before = await page.locator('.country-list').innerText();
    await page.reload();
    await ready(page);
    await page.locator('.country-list[data-query*="vendor=huawei"]').waitFor();
    expect(await page.locator('#f-vendor').inputValue()).toBe('huawei');
    await expect.poll(() => page.locator('.country-list').innerText()).toBe(before);
    await page.close();
  });

  it('a downloaded CSV holds the rows of the API', async () => {
    const page = await open('/projects?class=surveillance');
    await ready(page);
    const href = await page
      .locator('.downloads a', { hasText: 'CSV' })
      .first()
      .getAttribute('href');
    const csv = await (await fetch(new URL(href ?? '', obs.url))).text();
    const rows = (await (
      await fetch(new URL('/api/v1/projects?class=surveillance', obs.url))
    ).json()) as Array<{ id: string }>;
    expect(
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(rows.map((r) => r.id));
    await page.close();
  });

  it('search "ecu" finds ECU 911', async () => {
    const page = await open('/');
    await ready(page);
    await page.fill('#site-q', 'ecu');
    await page.press('#site-q', 'Enter');
    await page.waitForURL(/\/search\?q=ecu/);
    await page.locator('.results a', { hasText: 'ECU 911' }).first().click();
    await page.waitForURL(/\/projects\/ecu-911$/);
    await ready(page);
    expect(await page.locator('h1').textContent()).toContain('ECU 911');
    await page.close();
  });

  it('the Lorex identify answer shows its Dahua ownership with dates and no PRC-origin lines', async () => {
    const page = await open('/identify?q=Lorex');
    await page.locator('.identify-result h2').first().waitFor({ timeout: 30_000 });
    const text = await page.locator('.identify-result').innerText();
    expect(text).toMatch(
      /Lorex\s+subsidiary of\s+Dahua Technology, from 2018 until 24 November 2022 \(former\)/,
    );
    expect(text).not.toMatch(/prc-origin|based in the PRC, not named/i);
    expect(await page.locator('.identify-result ol.sources li').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('an uploaded scan shows its hosts; the same file again is not saved twice', async () => {
    const page = await open('/audits');
    await ready(page);
    await page.locator('#scan-file').setInputFiles(nmapXml);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/audits\/\d+$/);
    const first = page.url();
    const row = page.locator('tbody tr', { hasText: '192.0.2.64' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Hikvision');
    await page.screenshot({ path: join(shots, 'audit-1440.png'), fullPage: true });
    await page.goto(`${obs.url}/audits`);
    await ready(page);
    await page.locator('#scan-file').setInputFiles(nmapXml);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/audits\/\d+$/);
    expect(page.url()).toBe(first);
    await page.close();
  });

  it('works by keyboard and at phone width', async () => {
    const page = await open('/statistics', { width: 390, height: 844 });
    await ready(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });

  it('asked no other host for anything', () => {
    expect(foreign).toEqual([]);
  });
});
