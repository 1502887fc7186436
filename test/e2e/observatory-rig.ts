/// <reference lib="dom" />
// What a browser test of the observatory starts with: a store in a fresh temporary folder, the
// built web app served over it on a loopback port, and Debian's chromium; and pages that may reach
// that server only (every other request refused and recorded, every page error kept).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { loadKb, type Kb } from '../../src/kb/index.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { openTestStore } from '../../src/server/test-store.js';
import { type Store } from '../../src/store/index.js';
import { launchChromium } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
/** Where screenshots go (CI keeps them). */
export const shots = join(root, '.ci-report', 'screenshots');

export interface ObservatoryRig {
  dir: string;
  kb: Kb;
  store: Store;
  obs: Observatory;
  browser: Browser;
  /** Requests the pages made to any other host (refused). */
  foreign: string[];
  /** Errors thrown in the pages. */
  pageErrors: string[];
  /** Closes the browser, the server and the store, and removes the folder. */
  close: () => Promise<void>;
}

/**
 * Starts the rig: the store (the test backend's, `openTestStore`: an SQLite file unless a
 * PostgreSQL twin chose otherwise), the server, then chromium. Needs `npm run build`.
 */
export async function startRig(prefix: string): Promise<ObservatoryRig> {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `sousveil-${prefix}-`));
  const opened: Array<() => Promise<unknown>> = [];
  const close = async (): Promise<void> => {
    for (const c of opened.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { kb } = await loadKb();
    const store = await openTestStore(join(dir, 'e2e.db'));
    opened.push(() => store.close());
    const context = await apiContext(kb, store);
    const obs = await startObservatory({ context, host: '127.0.0.1', port: 0, webDir });
    opened.push(() => obs.close());
    const browser = await launchChromium();
    opened.push(() => browser.close());
    return { dir, kb, store, obs, browser, foreign: [], pageErrors: [], close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * A new page that may reach the rig's server only, opened at `path`. `bypassCSP` lets a test
 * evaluate axe-core into it (the server's Content-Security-Policy refuses inline scripts).
 */
export async function openPage(
  rig: ObservatoryRig,
  path: string,
  viewport = { width: 1280, height: 900 },
  bypassCSP = false,
): Promise<Page> {
  const page = await rig.browser.newPage({ viewport, bypassCSP });
  page.on('pageerror', (e) => rig.pageErrors.push(e.message));
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === rig.obs.url || url.protocol === 'data:' || url.protocol === 'blob:')
      await route.continue();
    else {
      rig.foreign.push(url.href);
      await route.abort();
    }
  });
  await page.goto(`${rig.obs.url}${path}`);
  return page;
}

/** Waits until the router has drawn the page: its heading is there and nothing is loading. */
export async function pageReady(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('main .loading') === null);
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now, as "rule (nodes)". */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            c: Document,
            o: unknown,
          ) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}
