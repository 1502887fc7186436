/// <reference lib="dom" />
// End to end: the observatory's Firmware page in Debian's chromium — an image uploaded, scanned
// behind the request while the page follows its job, then shown; requests elsewhere refused.
// Needs `npm run build` and /usr/bin/chromium (.ci/run installs it).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHikvision, buildTar, text } from '../../src/firmware/test-builders.js';
import { loadKb } from '../../src/kb/index.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
const shots = join(root, '.ci-report', 'screenshots');

let dir: string;
let store: Store;
let obs: Observatory;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sousveil-e2e-fw-'));
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'e2e.db'));
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

describe('Firmware page in chromium', () => {
  it('uploads an image, follows its job and shows the audit', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const foreign: string[] = [];
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
    await page.goto(`${obs.url}/firmware`);
    await page.locator('main h1', { hasText: 'Firmware audits' }).waitFor({ timeout: 30_000 });
    const image = buildHikvision({
      files: [
        { name: '_cfgUpgClass', data: text('DS-2CD2143G0-I\0') },
        {
          name: 'app.tar.gz',
          data: new Uint8Array(
            gzipSync(buildTar([{ name: 'etc/init.d/rcS', data: text('telnetd &\n') }])),
          ),
        },
      ],
      version: 0x05050000 + 160,
      buildDate: 210416,
    });
    await page.locator('#fw-file').setInputFiles({
      name: 'digicap.dav',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(image),
    });
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.waitForURL(/\/firmware\/\d+$/, { timeout: 30_000 });
    await page.locator('main h1', { hasText: 'digicap.dav' }).waitFor();
    const text_ = await page.locator('main').innerText();
    expect(text_).toContain('Hikvision');
    expect(text_).toContain('CVE-2021-36260');
    expect(text_).toContain('DS-2CD2143G0-I');
    expect(text_).toContain('A telnet daemon started at boot');
    await page.screenshot({ path: join(shots, 'firmware-1280.png'), fullPage: true });
    await page.goto(`${obs.url}/firmware`);
    await page.locator('tbody tr', { hasText: 'digicap.dav' }).waitFor();
    await page.goto(`${obs.url}/vendors/hikvision`);
    await page.locator('main h2', { hasText: 'Firmware seen' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('main').innerText()).toContain('V5.5.160 build 210416');
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
