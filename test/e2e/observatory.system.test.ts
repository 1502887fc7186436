/// <reference lib="dom" />
// End to end: the built observatory in Debian's chromium, driven by playwright-core, with every
// request to a host other than the server refused and recorded. Screenshots go to
// .ci-report/screenshots. Needs `npm run build` and /usr/bin/chromium (.ci/run installs it).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAtlas } from '../../src/cli/atlas-context.js';
import { loadKb } from '../../src/kb/index.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
const shots = join(root, '.ci-report', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const nmapXml = join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml');

let dir: string;
let store: Store;
let obs: Observatory;
let browser: Browser;
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(
      `${chromiumPath} is missing: install Debian's chromium (apt-get install chromium)`,
    );
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sousveil-e2e-'));
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'e2e.db'));
  await storedAtlas(store);
  obs = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
    webDir,
  });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-swiftshader',
    ],
  });
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
  await page.goto(`${obs.url}/${path}`);
  return page;
}

describe('observatory in chromium', () => {
  it('draws the world map offline and opens a country page on click', async () => {
    const page = await open('#/');
    const map = page.locator('#map[data-ready="true"]');
    await map.waitFor({ timeout: 60_000 });
    expect(Number(await map.getAttribute('data-countries'))).toBeGreaterThan(100);
    await page.screenshot({ path: join(shots, 'map.png') });
    const point = await page.evaluate(() => {
      const m = (
        window as unknown as {
          sousveilMap: { project: (ll: [number, number]) => { x: number; y: number } };
        }
      ).sousveilMap;
      return m.project([-78.4, -1.4]);
    });
    const box = await map.boundingBox();
    await page.mouse.click((box?.x ?? 0) + point.x, (box?.y ?? 0) + point.y);
    await page.waitForURL(/#\/country\/EC$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ecuador');
    await page.screenshot({ path: join(shots, 'country-ecuador.png'), fullPage: true });
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/ECU[ -]911/);
    expect(await page.locator('ol.sources li').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('the Hikvision page shows §889 and the FCC Covered List with dates', async () => {
    const page = await open('#/vendor/hikvision');
    await page.locator('#restrictions-h').waitFor();
    const timeline = await page.locator('ol.timeline').first().innerText();
    expect(timeline).toMatch(/2019-08-13\s+NDAA §889\(a\)\(1\)\(A\)/);
    expect(timeline).toMatch(/\d{4}-\d{2}-\d{2}\s+FCC Covered List/);
    await page.screenshot({ path: join(shots, 'vendor-hikvision.png'), fullPage: true });
    await page.close();
  });

  it('an uploaded scan shows its hosts', async () => {
    const page = await open('#/audits');
    await page.locator('#scan-file').setInputFiles(nmapXml);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/#\/audit\/\d+$/);
    const row = page.locator('tbody tr', { hasText: '192.0.2.64' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Hikvision');
    await page.screenshot({ path: join(shots, 'audit-upload.png'), fullPage: true });
    await page.close();
  });

  it('works by keyboard and at phone width', async () => {
    const page = await open('#/statistics', { width: 390, height: 844 });
    await page.locator('h1', { hasText: 'Statistics' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(shots, 'statistics-phone.png'), fullPage: true });
    await page.close();
  });

  it('asked no other host for anything', () => {
    expect(foreign).toEqual([]);
  });
});
