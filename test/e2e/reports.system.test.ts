/// <reference lib="dom" />
// End to end, citizen reports: on a phone-sized chromium with a user agent of its own, a reporter
// picks a photo carrying GPS EXIF and a face (NASA's astronaut portrait from Debian's
// python3-skimage), agrees on screen to use the photo's position, and sends the report; the stored
// photo has no metadata and the face is flat, and neither the database (every byte of its files,
// or of every row of a PostgreSQL one) nor the server's log holds the reporter's address or user
// agent. A moderator made with the CLI logs in, accepts it, and it shows on the street map as
// reported by the public. No request leaves the host.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAtlas } from '../../src/cli/atlas-context.js';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/test-io.js';
import { loadKb } from '../../src/kb/index.js';
import { regionVariance, type Box, type RgbImage } from '../../src/reports/index.js';
import { exifGps, secrets, withEverything } from '../../src/reports/sharp-test-images.js';
import { apiContext } from '../../src/server/context.js';
import { startObservatory, type Observatory } from '../../src/server/http-server.js';
import { storedBytes, testDatabase } from '../../src/server/test-store.js';
import { openStoreAt, type Store } from '../../src/store/index.js';
import { launchChromium } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(root, 'dist', 'web');
const shots = join(root, '.ci-report', 'screenshots');
const portrait = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';
/** The face in the 512 × 512 portrait (labelled by hand, as in tfjs-faces.system.test.ts). */
const face: Box = { x: 180, y: 80, width: 90, height: 105 };
const innerFace: Box = { x: 198, y: 101, width: 54, height: 63 };
const userAgent = 'Mozilla/5.0 (Linux; Android 14; ReporterPhone-e2e-7f3a91) Mobile';
const password = 'a long moderator passphrase';

let dir: string;
let dbFile: string;
let dropDatabase: (() => Promise<void>) | undefined;
let store: Store;
let obs: Observatory;
let browser: Browser;
const logged: string[] = [];
const clientAddresses = new Set<string>();
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build` first');
  if (!existsSync(portrait))
    throw new Error(`${portrait} is missing: install Debian's python3-skimage`);
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sousveil-reports-e2e-'));
  dbFile = join(dir, 'reports.db');
  // The test backend's database: the CLI, the server and its upload workers all open it there.
  const db = await testDatabase(dbFile);
  dropDatabase = db.drop;
  const io = captureIo(`${password}\n`);
  const code = await run(['users', 'add', 'mila', '--role', 'moderator', '--db', db.where], io);
  if (code !== 0) throw new Error(`users add failed: ${io.err()}`);
  const { kb } = await loadKb();
  store = await openStoreAt(db.where);
  await storedAtlas(store);
  obs = await startObservatory({
    context: await apiContext(kb, store, {
      dbPath: db.where,
      generator: 'sousveil e2e',
      evidenceKeyPath: join(dir, 'evidence-key.pem'),
    }),
    host: '127.0.0.1',
    port: 0,
    webDir,
    log: (line) => logged.push(line),
  });
  obs.server.on('connection', (s) => {
    if (s.remoteAddress !== undefined) clientAddresses.add(s.remoteAddress);
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await browser?.close();
  await obs?.close();
  await store?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  await dropDatabase?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function guarded(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === obs.url || url.protocol === 'data:' || url.protocol === 'blob:')
      await route.continue();
    else {
      foreign.push(url.href);
      await route.abort();
    }
  });
  return page;
}

async function rgb(bytes: Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const dms = ([d, m, s]: readonly number[]) => (d ?? 0) + (m ?? 0) / 60 + (s ?? 0) / 3600;

describe('citizen reports in chromium', () => {
  it('a phone reports a camera with the photo’s position; a moderator accepts it onto the map', async () => {
    const photo = await withEverything(
      await sharp(readFileSync(portrait)).jpeg({ quality: 92 }).toBuffer(),
    );
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    // The reporter: a 390 px wide touch screen, no cookie ever set or sent.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      userAgent,
    });
    const page = await guarded(phone);
    await page.goto(`${obs.url}/report`);
    await page.locator('h1', { hasText: 'Report a camera' }).waitFor();
    await page.setInputFiles('#photo', {
      name: 'IMG_2041.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    const offer = page.locator('.photo-position');
    await offer.locator('#use-photo-position').waitFor();
    expect(await offer.innerText()).toContain('Use it as the camera’s position?');
    // Nothing is taken without the reporter's say.
    expect(await page.locator('#lat').inputValue()).toBe('');
    await page.locator('#use-photo-position').tap();
    expect(Number(await page.locator('#lat').inputValue())).toBeCloseTo(dms(exifGps.lat), 5);
    expect(Number(await page.locator('#lon').inputValue())).toBeCloseTo(dms(exifGps.lon), 5);
    await page.selectOption('#type', 'camera');
    await page.selectOption('#cameraType', 'dome');
    await page.selectOption('#direction', 'NE');
    await page.fill('#brand', 'Huawei');
    await page.fill('#operatorSign', 'Safe City — video surveillance');
    await page.fill('#note', 'On the lamp post by the tram stop');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
      'no sideways scrolling at 390 px',
    ).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(shots, 'report-phone.png'), fullPage: true });
    await page.locator('.report-form button[type="submit"]').tap();
    const done = page.locator('.report-done');
    await done.waitFor({ timeout: 60_000 });
    const id = (await done.getAttribute('data-report-id')) ?? '';
    expect(id).toMatch(/^[\w-]{16,}$/);
    expect(await phone.cookies()).toEqual([]);
    await phone.close();

    // What was stored: the position on the grid, the photo's pixels only, the face flat.
    const stored = await store.reports.get(id);
    expect(stored?.lat).toBeCloseTo(dms(exifGps.lat), 4);
    expect(stored?.fields).toEqual({
      type: 'camera',
      cameraType: 'dome',
      direction: 45,
      brand: 'Huawei',
      operatorSign: 'Safe City — video surveillance',
      note: 'On the lamp post by the tram stop',
    });
    const safe = (await store.reports.photo(id))?.bytes ?? new Uint8Array();
    const meta = await sharp(safe).metadata();
    expect([meta.format, meta.exif, meta.icc, meta.xmp, meta.iptc, meta.comments]).toEqual([
      'jpeg',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const safeBytes = Buffer.from(safe);
    for (const marker of ['Exif', 'http://ns.adobe.com', 'Photoshop', ...Object.values(secrets)])
      expect(safeBytes.includes(marker), marker).toBe(false);
    const before = regionVariance(await rgb(photo), innerFace);
    const after = regionVariance(await rgb(safe), innerFace);
    expect(before).toBeGreaterThan(200);
    expect(after, `grey variance in the face (${face.width} × ${face.height} label)`).toBeLessThan(
      10,
    );

    // Nothing of the reporter: every address it connected from, its user agent.
    expect(clientAddresses.size).toBeGreaterThan(0);
    const db = await storedBytes(store, dbFile);
    // The scan sees what the report did store, so its silence on the reporter means something.
    expect(db.includes('On the lamp post by the tram stop')).toBe(true);
    const log = Buffer.from(logged.join('\n'));
    for (const [where, bytes] of [
      ['database', db],
      ['log', log],
    ] as const) {
      for (const needle of [...clientAddresses, userAgent, 'ReporterPhone-e2e', 'Android 14'])
        expect(bytes.includes(needle), `${needle} in the ${where}`).toBe(false);
      for (const address of clientAddresses) {
        const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
        if (v4 !== null)
          expect(
            bytes.includes(Buffer.from(v4.slice(1).map(Number))),
            `${address} as bytes in the ${where}`,
          ).toBe(false);
      }
    }

    // The moderator: logs in, sees the photo, accepts with a reason, then looks at the map.
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const mod = await guarded(desk);
    await mod.goto(`${obs.url}/moderation`);
    await mod.fill('#mod-name', 'mila');
    await mod.fill('#mod-password', password);
    await mod.locator('.login-form button[type="submit"]').click();
    const card = mod.locator(`.moderation-report[data-report="${id}"]`);
    await card.waitFor({ timeout: 30_000 });
    await mod.waitForFunction(
      (sel) => document.querySelector<HTMLImageElement>(`${sel} img`)?.naturalWidth,
      `.moderation-report[data-report="${id}"]`,
    );
    expect(await card.innerText()).toContain('Operator sign: Safe City — video surveillance');
    await mod.screenshot({ path: join(shots, 'moderation-queue.png'), fullPage: true });
    await card.locator('textarea').fill('Seen it myself: a Huawei dome at the tram stop');
    await card.locator('button.accept').click();
    await card.locator('[data-status="accepted"]').waitFor({ timeout: 30_000 });
    expect(
      (await store.reports.decisions(id)).map((d) => [d.moderator, d.decision, d.reason]),
    ).toEqual([['mila', 'accept', 'Seen it myself: a Huawei dome at the tram stop']]);

    const lat = stored?.lat ?? 0;
    const lon = stored?.lon ?? 0;

    // A second report of the same camera, without a photo: merged into the first from the queue.
    const form = new FormData();
    for (const [k, v] of Object.entries({ lat: String(lat), lon: String(lon), type: 'camera' }))
      form.set(k, v);
    const second = (await (
      await fetch(`${obs.url}/api/v1/reports`, { method: 'POST', body: form })
    ).json()) as { id: string };
    await mod.reload();
    const dup = mod.locator(`.moderation-report[data-report="${second.id}"]`);
    await dup.waitFor({ timeout: 30_000 });
    expect(await dup.locator('.merge-choice').innerText()).toContain(
      `accepted report ${id.slice(0, 8)}…, 0 m away`,
    );
    await dup.locator('textarea').fill('Same dome, reported twice');
    await dup.locator('button.merge').click();
    await dup.locator('[data-status="merged"]').waitFor({ timeout: 30_000 });
    expect((await store.reports.decisions(second.id)).map((d) => d.mergedInto)).toEqual([
      { kind: 'report', id },
    ]);
    await mod.goto(`${obs.url}/?lat=${lat}&lon=${lon}&z=17`);
    await mod.locator('#map[data-public-reports="1"]').waitFor({ timeout: 60_000 });
    await mod.waitForFunction(
      () =>
        (
          window as unknown as {
            sousveilMap: { queryRenderedFeatures: (o: { layers: string[] }) => unknown[] };
          }
        ).sousveilMap.queryRenderedFeatures({ layers: ['public-reports'] }).length > 0,
      undefined,
      { timeout: 30_000 },
    );
    const at = await mod.evaluate(
      ([lo, la]) =>
        (
          window as unknown as {
            sousveilMap: { project: (ll: [number, number]) => { x: number; y: number } };
          }
        ).sousveilMap.project([lo, la]),
      [lon, lat] as [number, number],
    );
    const box = await mod.locator('#map canvas').boundingBox();
    await mod.mouse.click((box?.x ?? 0) + at.x, (box?.y ?? 0) + at.y);
    const popup = mod.locator('.report-popup');
    await popup.waitFor({ timeout: 10_000 });
    const text = await popup.innerText();
    expect(text).toContain('Reported by the public');
    expect(text).toMatch(/Status: accepted by a moderator on \d{4}-\d{2}-\d{2}/);
    expect(text).toContain(`Reported on ${stored?.day ?? ''}: camera, dome`);
    expect(text).toContain('Facing 45°');
    expect(text).toContain('1 more report of it merged into this one');
    expect(text).not.toContain('lamp post');
    await mod.screenshot({ path: join(shots, 'report-on-map.png') });

    // Exports, as the logged-in moderator: the accepted report (and only it, not the merged
    // duplicate) in GeoJSON, CSV and osmChange, and a signed evidence pack that
    // `sousveil evidence verify` accepts whole and refuses after one byte is changed.
    const exported = async (what: string) => {
      const r = await mod.request.get(`${obs.url}/api/v1/moderation/exports/${what}`);
      expect(r.status(), what).toBe(200);
      return r;
    };
    const geo = (await (await exported('geojson')).json()) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(geo.features.map((f) => f.properties.id)).toEqual([id]);
    expect(JSON.stringify(geo)).not.toContain('lamp post');
    const csv = await (await exported('csv')).text();
    expect(csv.split('\r\n').filter((l) => l.includes(id))).toHaveLength(1);
    const osc = await (await exported('osmchange')).text();
    expect(osc).toContain('<osmChange version="0.6"');
    expect(osc).toContain('<tag k="man_made" v="surveillance"/>');
    expect(osc).toContain('<tag k="camera:direction" v="45"/>');
    const packFile = join(dir, 'evidence.zip');
    const pack = await (await exported(`evidence?reports=${id}`)).body();
    writeFileSync(packFile, pack);
    const verify = async (file: string) => {
      const io = captureIo();
      return { code: await run(['evidence', 'verify', file], io), out: io.out(), err: io.err() };
    };
    const good = await verify(packFile);
    expect(good.err).toBe('');
    expect(good.code).toBe(0);
    const bad = Buffer.from(pack);
    const middle = Math.floor(bad.length / 2);
    bad[middle] = (bad[middle] ?? 0) ^ 0x01;
    writeFileSync(join(dir, 'changed.zip'), bad);
    const changed = await verify(join(dir, 'changed.zip'));
    expect(changed.code).not.toBe(0);
    expect(changed.err.trim().split('\n')).toHaveLength(1);

    await mod.goto(`${obs.url}/moderation`);
    await mod.locator('#logout').click();
    await mod.locator('#mod-password').waitFor();
    expect((await mod.request.get(`${obs.url}/api/v1/moderation/reports`)).status()).toBe(401);

    expect(foreign).toEqual([]);
    await desk.close();
  }, 240_000);
});
