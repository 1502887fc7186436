/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- API replies are read as untyped JSON */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasemapAnswer } from '../contract/index.js';
import { openBasemap } from '../fieldmap/fs-basemap.js';
import { buildPmtiles, solidPng, squareMvt } from '../fieldmap/pmtiles-builder.js';
import { parseDirectory, parsePmtilesHeader } from '../fieldmap/pmtiles.js';
import { loadKb } from '../kb/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { apiContext } from './context.js';
import { MAX_RANGE_BYTES, parseRange } from './http-range.js';
import { startObservatory, type Observatory } from './http-server.js';
import { call } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-range-'));
const file = join(dir, 'streets.pmtiles');
const archive = buildPmtiles({
  tileType: 'mvt',
  tiles: [
    { z: 0, x: 0, y: 0, data: squareMvt('water') },
    { z: 1, x: 0, y: 0, data: squareMvt('roads') },
  ],
  metadata: {
    vector_layers: [{ id: 'water', geometry_type: 'polygon' }, { id: 'roads' }],
    attribution: '© OpenStreetMap contributors',
  },
});
let store: Store;
let obs: Observatory;
let plain: Observatory;

beforeAll(async () => {
  writeFileSync(file, archive);
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'range.db'));
  obs = await startObservatory({
    context: await apiContext(kb, store, { basemap: openBasemap(file) }),
    host: '127.0.0.1',
    port: 0,
  });
  plain = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
  });
});
afterAll(async () => {
  await obs.close();
  await plain.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const range = (r: string) => call(obs.url, '/basemap.pmtiles', { headers: { range: r } });

describe('parseRange', () => {
  it.each([
    ['bytes=0-126', { kind: 'part', start: 0, end: 126 }],
    ['bytes=100-', { kind: 'part', start: 100, end: 999 }],
    ['bytes=-10', { kind: 'part', start: 990, end: 999 }],
    ['bytes=990-5000', { kind: 'part', start: 990, end: 999 }],
    ['bytes=1000-1001', { kind: 'refused', why: 'the file has 1000 bytes' }],
    ['bytes=5-4', { kind: 'refused', why: 'the range ends before it starts' }],
    ['bytes=0-1,4-5', { kind: 'refused', why: 'one range per request' }],
    ['items=0-1', { kind: 'refused', why: 'the Range header is not "bytes=FIRST-LAST"' }],
    ['bytes=-', { kind: 'refused', why: 'the Range header is not "bytes=FIRST-LAST"' }],
  ])('%s', (header, want) => expect(parseRange(header, 1000)).toEqual(want));

  it('bounds one range', () => {
    expect(parseRange(`bytes=0-${MAX_RANGE_BYTES}`, 2 * MAX_RANGE_BYTES).kind).toBe('refused');
    expect(parseRange(`bytes=0-${MAX_RANGE_BYTES - 1}`, 2 * MAX_RANGE_BYTES).kind).toBe('part');
  });
});

describe('serve --basemap: the PMTiles file over range requests', () => {
  it('answers a range with 206, its bytes, Content-Range and Accept-Ranges', async () => {
    const r = await range('bytes=0-126');
    expect(r.status).toBe(206);
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['content-range']).toBe(`bytes 0-126/${archive.length}`);
    expect(r.headers['content-type']).toBe('application/vnd.pmtiles');
    expect([...r.body]).toEqual([...archive.subarray(0, 127)]);
    const h = parsePmtilesHeader(r.body, 'reply');
    const root = await range(`bytes=${h.rootOffset}-${h.rootOffset + h.rootLength - 1}`);
    const entries = parseDirectory(root.body, 'root');
    const first = entries[0];
    if (first === undefined) throw new Error('no entry');
    const start = h.tileDataOffset + first.offset;
    const tile = await range(`bytes=${start}-${start + first.length - 1}`);
    expect([...tile.body]).toEqual([...squareMvt('water')]);
  });

  it('answers a suffix range and the whole file', async () => {
    const tail = await range('bytes=-5');
    expect(tail.status).toBe(206);
    expect([...tail.body]).toEqual([...archive.subarray(archive.length - 5)]);
    const whole = await call(obs.url, '/basemap.pmtiles');
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBe(archive.length);
  });

  it('refuses bad ranges with 416 and the size', async () => {
    for (const bad of [`bytes=${archive.length}-`, 'bytes=0-1,3-4', 'bytes=9-2', 'lines=1-2']) {
      const r = await range(bad);
      expect(r.status, bad).toBe(416);
      expect(r.headers['content-range']).toBe(`bytes */${archive.length}`);
      expect(r.json().error.message).toMatch(/^Range: /);
    }
  });

  it('serves that one file only, whatever the request names', async () => {
    for (const path of ['/basemap.pmtiles/../range.db', '/range.db', '/streets.pmtiles']) {
      const r = await call(obs.url, path, { headers: { range: 'bytes=0-15' } });
      expect(r.status, path).not.toBe(206);
      expect(r.body.toString('latin1')).not.toContain('SQLite format');
    }
    expect(
      (await call(plain.url, '/basemap.pmtiles', { headers: { range: 'bytes=0-1' } })).status,
    ).not.toBe(206);
    expect((await call(obs.url, '/basemap.pmtiles', { method: 'POST' })).status).toBe(405);
  });

  it('tells the map what to draw: tile type, zooms, vector layers, attribution', async () => {
    const with_ = (await call(obs.url, '/api/v1/map/basemap')).json();
    expect(BasemapAnswer.parse(with_)).toEqual(with_);
    expect(with_).toEqual({
      configured: true,
      url: '/basemap.pmtiles',
      tileType: 'mvt',
      minZoom: 0,
      maxZoom: 1,
      bounds: [-180, -85, 180, 85],
      vectorLayers: [{ id: 'water', geometry: 'polygon' }, { id: 'roads' }],
      attribution: '© OpenStreetMap contributors',
    });
    expect((await call(plain.url, '/api/v1/map/basemap')).json()).toEqual({ configured: false });
  });
});

describe('openBasemap', () => {
  it('refuses a missing file, a file that is not PMTiles, another version, an unusable tile type', () => {
    const write = (name: string, bytes: Uint8Array | string): string => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    };
    expect(() => openBasemap(join(dir, 'nope.pmtiles'))).toThrow(
      `--basemap ${join(dir, 'nope.pmtiles')}: cannot open it: no such file`,
    );
    const html = write('page.pmtiles', '<!doctype html>');
    expect(() => openBasemap(html)).toThrow(`${html}: not a PMTiles file`);
    const v2 = write('v2.pmtiles', Uint8Array.from([0x50, 0x4d, 2, 0, 0, 0, 0, 0]));
    expect(() => openBasemap(v2)).toThrow(`${v2}: PMTiles version 2 is not supported`);
    const avif = write(
      'avif.pmtiles',
      buildPmtiles({
        tileType: 'avif',
        tiles: [{ z: 0, x: 0, y: 0, data: solidPng([0, 0, 0], 4) }],
      }),
    );
    expect(() => openBasemap(avif)).toThrow('tile type "avif" is not one the map draws');
  });
});
