/// <reference lib="dom" />
// A crawl of every observatory page in Debian's chromium: each opened directly by its URL (as a
// shared link or a new tab would), every in-page link's target present, every internal link a
// page that exists, no internal id in visible text, and no axe-core violation. Screenshots of
// each kind of page at 1440 and 390 px go to .ci-report/screenshots.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { axeViolations } from './observatory-rig.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApk } from '../../src/appaudit/test-builders.js';
import { storedAtlas } from '../../src/cli/atlas-context.js';
import { loadKb, type Kb } from '../../src/kb/index.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { openTestStore } from '../../src/server/test-store.js';
import { type Store } from '../../src/store/index.js';
import type { Atlas } from '../../src/atlas/schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
const shots = join(root, '.ci-report', 'screenshots');

let dir: string;
let store: Store;
let obs: Observatory;
let browser: Browser;
let context: BrowserContext;
let kb: Kb;
let atlas: Atlas;
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sousveil-crawl-'));
  kb = (await loadKb()).kb;
  store = await openTestStore(join(dir, 'crawl.db'));
  atlas = await storedAtlas(store);
  obs = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
    webDir,
  });
  const xml = readFileSync(
    join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml'),
  );
  await fetch(`${obs.url}/api/v1/scans?name=crawl.xml`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: xml,
  });
  const apk = buildApk(
    {
      package: 'org.example.crawl',
      permissions: ['android.permission.READ_PHONE_STATE', 'android.permission.CAMERA'],
      dex: [['Lorg/example/crawl/Main;', 'Lcom/bytedance/sdk/openadsdk/TTAdSdk;']],
      strings: ['https://api.umeng.com/x'],
      libs: ['lib/arm64-v8a/libjiagu.so'],
    },
    (d) => new Uint8Array(deflateRawSync(d)),
  );
  const job = (await (
    await fetch(`${obs.url}/api/v1/apps?name=crawl.apk`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from(apk),
    })
  ).json()) as { id: string };
  // The job is asked for until it ends, as the page does: over PostgreSQL the report is saved
  // after the answer to the upload, and asking once at once found it still running.
  type Job = { phase: string; reportId?: number; error?: string };
  let done: Job = { phase: 'queued' };
  for (const end = Date.now() + 60_000; done.phase !== 'done' && done.phase !== 'failed';) {
    if (Date.now() > end)
      throw new Error(`the app upload's job did not end: ${JSON.stringify(done)}`);
    done = (await (await fetch(`${obs.url}/api/v1/apps/jobs/${job.id}`)).json()) as Job;
    if (done.phase !== 'done') await new Promise((r) => setTimeout(r, 100));
  }
  if (done.reportId !== 1)
    throw new Error(`the app upload was not saved as report 1: ${JSON.stringify(done)}`);
  browser = await launchChromium();
  // axe-core is evaluated into each page; bypassing the page's CSP lets it run there.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === obs.url || url.protocol === 'data:' || url.protocol === 'blob:')
      await route.continue();
    else {
      foreign.push(url.href);
      await route.abort();
    }
  });
}, 120_000);

afterAll(async () => {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await context?.close();
  await browser?.close();
  await obs?.close();
  await store?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function visit(path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${obs.url}${path}`);
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('main .loading') === null);
  return page;
}

/** Ids that must never show as text: records' ids with a hyphen or dot, and vendor ids (lower case). */
function internalIds(): Set<string> {
  const ids = new Set<string>();
  const add = (id: string): void => {
    if (/[-.]/.test(id) || kb.vendors.has(id)) ids.add(id);
  };
  for (const list of [
    atlas.projects,
    atlas.places,
    atlas.organisations,
    atlas.sources,
    atlas.claims,
    atlas.agreements,
  ])
    for (const r of list) add(r.id);
  for (const v of kb.vendors.keys()) add(v);
  for (const r of [...kb.restrictions, ...kb.relations, ...kb.advisories, ...kb.sources.values()])
    add(r.id);
  for (const f of kb.fingerprints) if (f.kind !== 'mac-prefix') add(f.id);
  // Codes that are plain words (port, railway, operating) read as words; hyphenated ones do not.
  for (const p of atlas.projects)
    for (const code of [p.kind, p.status]) if (code.includes('-')) ids.add(code);
  for (const r of kb.restrictions) if (r.jurisdiction.includes('-')) ids.add(r.jurisdiction);
  for (const id of ['prc-origin', 'not-covered', 'former-affiliate', 'in-scope']) ids.add(id);
  ids.delete('unknown');
  return ids;
}

const pages = (): string[] => [
  '/',
  '/projects',
  '/statistics',
  '/vendors',
  '/audits',
  '/audits/1',
  '/identify?q=Hikvision',
  '/identify?q=Lorex&asOf=2020-01-01',
  '/glossary',
  '/report',
  '/moderation',
  '/search?q=huawei',
  '/apps',
  '/apps/1',
  ...kb.sdks.map((s) => `/sdks/${s.id}`),
  '/sdks',
  ...atlas.countries.map((c) => `/countries/${c.id}`),
  ...atlas.projects.map((p) => `/projects/${p.id}`),
  ...[...kb.vendors.keys()].map((v) => `/vendors/${v}`),
];

describe('every page of the observatory', () => {
  it('opens directly, resolves its links, shows no internal id and passes axe-core', async () => {
    const ids = internalIds();
    const internalLinks = new Set<string>();
    const problems: string[] = [];
    for (const path of pages()) {
      const page = await visit(path);
      const title = (await page.locator('main h1').first().textContent()) ?? '';
      if (/Not found|Something went wrong/.test(title)) problems.push(`${path}: ${title}`);
      const links = await page.$$eval('a[href]', (as) =>
        as.map((a) => {
          const href = a.getAttribute('href') ?? '';
          const target = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : '';
          return { href, present: target === '' || document.getElementById(target) !== null };
        }),
      );
      for (const { href, present } of links) {
        if (!present) problems.push(`${path}: in-page link ${href} has no target`);
        else if (href.startsWith('/') && !href.startsWith('/api/'))
          internalLinks.add(href.split('#')[0] ?? href);
      }
      const text = await page.evaluate(() => {
        const main = document.querySelector('main')?.cloneNode(true) as HTMLElement | undefined;
        main
          ?.querySelectorAll('code, pre, textarea, input, select, option')
          .forEach((e) => e.remove());
        return main?.innerText ?? '';
      });
      for (const word of text.split(/[\s,;:()[\]“”"'’]+/)) {
        const w = word.replace(/[.…]+$/, '');
        if (ids.has(w)) problems.push(`${path}: internal id "${w}" in visible text`);
      }
      const violations = await axeViolations(page);
      for (const v of violations) problems.push(`${path}: axe ${v}`);
      await page.close();
    }
    for (const href of internalLinks) {
      if (pages().includes(href)) continue;
      const page = await visit(href);
      const title = (await page.locator('main h1').first().textContent()) ?? '';
      if (/Not found|Something went wrong/.test(title)) problems.push(`link ${href}: ${title}`);
      await page.close();
    }
    expect(problems).toEqual([]);
    // About 280 pages with axe-core on each: 11 to 14 minutes on a busy 2-core machine, and the
    // suite runs it twice (SQLite and PostgreSQL), in parallel with other files.
  }, 1_800_000);

  it('screenshots of each kind of page at 1440 px and 390 px', async () => {
    const kinds: Array<[string, string]> = [
      ['map', '/'],
      ['country', '/countries/EC'],
      ['project', '/projects/ecu-911'],
      ['projects', '/projects'],
      ['vendor', '/vendors/hikvision'],
      ['statistics', '/statistics'],
      ['audit', '/audits/1'],
      ['identify', '/identify?q=Lorex'],
      ['search', '/search?q=ecu'],
      ['glossary', '/glossary'],
      ['report', '/report'],
      ['moderation-login', '/moderation'],
      ['apps', '/apps'],
      ['app', '/apps/1'],
      ['sdks', '/sdks'],
      ['sdk', '/sdks/pangle'],
    ];
    for (const [name, path] of kinds)
      for (const width of [1440, 390]) {
        const page = await visit(path);
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        if (name === 'map')
          await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
        await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(1);
        await page.close();
      }
  }, 300_000);

  it('asked no other host for anything', () => {
    expect(foreign).toEqual([]);
  });
});
