/// <reference lib="dom" />
// End to end: the Apps page of `sousveil serve` as users run it (from the built package, so the
// audit runs in the app worker), in Debian's chromium driven by playwright-core, every request to
// another host refused and recorded. An APK built by the Android tools carrying Umeng (Alibaba)
// SDK classes, its app key and its cloud's host is uploaded through the page; the progress bar
// moves, the report shows the SDK with its maker, country and evidence; the SDK's page lists the
// app; reloads show the same views. Needs `npm run build`, chromium and the Android packages.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../src/server/test-store.js';
import { buildRealApk } from '../app/build-apk.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, '.ci-report', 'screenshots');

let dir: string;
let server: ChildProcess;
let origin: string;
let browser: Browser;
let apk: string;
let drop: (() => Promise<void>) | undefined;
const foreign: string[] = [];

/** Starts `sousveil serve` on a free loopback port over the database at `db`; resolves its origin. */
function serve(db: string): Promise<string> {
  server = spawn(
    process.execPath,
    [join(root, 'bin', 'sousveil.js'), 'serve', '--port', '0', '--db', db],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise<string>((resolve, reject) => {
    let err = '';
    server.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const found = /observatory at (http:\/\/[^/\s]+)\//.exec(err)?.[1];
      if (found !== undefined) resolve(found);
    });
    server.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'web', 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sousveil-e2e-apps-'));
  apk = buildRealApk({
    package: 'org.example.umengdemo',
    versionName: '3.1',
    versionCode: 31,
    classes: [
      'Lorg/example/umengdemo/Main;',
      'Lcom/umeng/analytics/MobclickAgent;',
      'Lcom/umeng/analytics/pro/Collector;',
      'Lcom/umeng/commonsdk/UMConfigure;',
    ],
    strings: ['https://ulogs.umeng.com/unify_logs'],
    permissions: ['android.permission.READ_PHONE_STATE', 'android.permission.INTERNET'],
    metaData: [{ name: 'UMENG_APPKEY', value: '5f0000000000000000000000' }],
  });
  const db = await testDatabase(join(dir, 'e2e.db'));
  drop = db.drop;
  origin = await serve(db.where);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  // beforeAll may have failed before assigning these.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await browser?.close();
  if (server !== undefined && server.exitCode === null && server.signalCode === null) {
    // Its database is dropped only once it has let go of it.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  await drop?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === 'data:' || url.protocol === 'blob:')
      await route.continue();
    else {
      foreign.push(url.href);
      await route.abort();
    }
  });
  await page.goto(`${origin}${path}`);
  await ready(page);
  return page;
}

/** Waits until the router has rendered the page. */
async function ready(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('main .loading') === null);
}

describe('the Apps page in chromium', () => {
  it('uploads an APK, shows progress, then the report with the Umeng SDKs; the SDK page lists the app; reloads keep the views', async () => {
    const page = await open('/apps');
    expect(await page.locator('main').innerText()).toContain('No app audits saved yet');
    // Record every value the progress bar and the status line take, across the navigation.
    await page.evaluate(() => {
      const seen: { values: number[]; texts: string[] } = { values: [], texts: [] };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('#app-progress');
        const text = document.querySelector('.upload-status')?.textContent ?? '';
        if (bar !== null && !bar.hidden) seen.values.push(bar.value);
        if (text !== '' && seen.texts[seen.texts.length - 1] !== text) seen.texts.push(text);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.locator('#app-file').setInputFiles(apk);
    await page.getByRole('button', { name: 'Audit', exact: true }).click();
    await page.waitForURL(/\/apps\/\d+$/, { timeout: 60_000 });
    await ready(page);
    const seen = await page.evaluate(
      () => (window as unknown as { seen: { values: number[]; texts: string[] } }).seen,
    );
    expect(seen.values.length).toBeGreaterThan(0);
    expect(Math.max(...seen.values)).toBe(100);
    expect(seen.texts[0]).toMatch(/^Uploading /);
    expect(seen.texts.some((t) => /^(Waiting|Reading|Matching|Saving|Done)/.test(t))).toBe(true);

    const reportUrl = page.url();
    const main = page.locator('main');
    expect(await page.locator('h1').textContent()).toBe('org.example.umengdemo 3.1');
    expect(await main.innerText()).toContain('Present in code — not proof that it runs.');
    const found = page.locator('section', { hasText: 'SDKs found' });
    const row = found.locator('tbody tr', { hasText: 'Umeng Analytics' });
    const rowText = await row.innerText();
    expect(rowText).toContain('Umeng (Alibaba Group)');
    expect(rowText).toContain('China');
    expect(rowText).toContain('classes in a package');
    expect(rowText).toContain('com.umeng.analytics');
    const common = await found.locator('tbody tr', { hasText: 'Umeng common SDK' }).innerText();
    expect(common).toContain('UMENG_APPKEY');
    expect(await main.innerText()).toContain('ulogs.umeng.com');
    expect(await page.locator('section', { hasText: 'Permissions by risk' }).innerText()).toContain(
      'android.permission.READ_PHONE_STATE',
    );
    await page.screenshot({ path: join(shots, 'app-report-1280.png'), fullPage: true });
    const before = await main.innerText();
    await page.reload();
    await ready(page);
    expect(page.url()).toBe(reportUrl);
    await expect.poll(() => main.innerText()).toBe(before);

    await row.getByRole('link', { name: 'Umeng Analytics' }).click();
    await page.waitForURL(/\/sdks\/umeng-analytics$/);
    await ready(page);
    expect(await page.locator('h1').textContent()).toBe('Umeng Analytics');
    expect(await main.innerText()).toMatch(/based in China/);
    const apps = page.locator('.sdk-apps');
    expect(await apps.innerText()).toContain('org.example.umengdemo 3.1');
    await page.screenshot({ path: join(shots, 'sdk-page-1280.png'), fullPage: true });
    const sdkView = await main.innerText();
    await page.reload();
    await ready(page);
    await expect.poll(() => main.innerText()).toBe(sdkView);
    await apps.getByRole('link', { name: 'org.example.umengdemo 3.1' }).click();
    await page.waitForURL(reportUrl);
    // At phone width nothing runs off the side: hashes, class names and tables wrap.
    for (const path of [new URL(reportUrl).pathname, '/sdks/umeng-analytics', '/apps', '/sdks']) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}${path}`);
      await ready(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${path} at 390 px`).toBeLessThanOrEqual(1);
      await page.screenshot({
        path: join(shots, `apps${path.replaceAll('/', '-')}-390.png`),
        fullPage: true,
      });
    }
    await page.close();
  });

  it('lists the saved report on the Apps page and the SDK list counts it', async () => {
    const page = await open('/apps');
    expect(await page.locator('tbody tr', { hasText: 'org.example.umengdemo' }).count()).toBe(1);
    await page.goto(`${origin}/sdks?jurisdiction=prc`);
    await ready(page);
    const row = page.locator('tbody tr', { hasText: 'Umeng Analytics' });
    expect(await row.innerText()).toMatch(/\t1$/);
    expect(await page.locator('#f-jurisdiction').inputValue()).toBe('prc');
    expect(await page.locator('tbody tr', { hasText: 'Google' }).count()).toBe(0);
    await page.close();
  });

  it('asked no other host for anything', () => {
    expect(foreign).toEqual([]);
  });
});
