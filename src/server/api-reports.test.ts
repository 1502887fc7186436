// POST /api/v1/reports over real sockets: a report with a photo full of metadata is stored safe,
// and nothing of the sender (address, user agent) reaches the database file or the log; then
// every refusal, the per-network limit, and that reports need no token where writes do.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { jpegWithEverything, secrets } from '../reports/sharp-test-images.js';
import type { Store } from '../store/index.js';
import type { ApiContext } from './api-types.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { openTestStore, storedBytes } from './test-store.js';
import { reportIntake } from './report-intake.js';

/** The sender: a loopback address of its own and a user agent no other test uses. */
const clientAddress = '127.83.41.97';
const userAgent = 'ReporterPhone/7.1 (sousveil-test-ua-5c81e2)';
const dir = mkdtempSync(join(tmpdir(), 'sousveil-reports-api-'));
const dbPath = join(dir, 'reports.db');
const logged: string[] = [];
let store: Store;
let context: ApiContext;
let obs: Observatory;
let tokenObs: Observatory;
let limitObs: Observatory;

beforeAll(async () => {
  const { kb } = await loadKb();
  store = await openTestStore(dbPath);
  context = await apiContext(kb, store);
  const log = (line: string): number => logged.push(line);
  obs = await startObservatory({ context, host: '127.0.0.1', port: 0, log, reportsPerDay: 1000 });
  limitObs = await startObservatory({ context, host: '127.0.0.1', port: 0, log, reportsPerDay: 6 });
  tokenObs = await startObservatory({ context, host: '127.0.0.1', port: 0, log, token: 's3cret' });
});
afterAll(async () => {
  await obs.close();
  await tokenObs.close();
  await limitObs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Field {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

function multipart(fields: Field[], boundary = 'sousveilTestBoundary9f'): Buffer {
  const parts = fields.map((f) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"` +
          (f.filename === undefined ? '' : `; filename="${f.filename}"`) +
          (f.type === undefined ? '' : `\r\nContent-Type: ${f.type}`) +
          '\r\n\r\n',
      ),
      Buffer.isBuffer(f.value) ? f.value : Buffer.from(f.value),
      Buffer.from('\r\n'),
    ]),
  );
  return Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { id?: string; error?: string };
}

/** POSTs a form from the test's own loopback address, with its user agent. */
function post(
  fields: Field[],
  options: { base?: string; from?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Answer> {
  const body = options.body ?? multipart(fields);
  const url = new URL('/api/v1/reports', options.base ?? obs.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: options.from ?? clientAddress,
        headers: {
          'content-type': 'multipart/form-data; boundary=sousveilTestBoundary9f',
          'user-agent': userAgent,
          'content-length': String(body.length),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Answer['json'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const basic: Field[] = [
  { name: 'lat', value: '44.8170123' },
  { name: 'lon', value: '20.4569987' },
  { name: 'type', value: 'camera' },
];

/** Everything the database holds (the SQLite file with its WAL and journal, or every row). */
const databaseBytes = (): Promise<Buffer> => storedBytes(store, dbPath);

describe('POST /api/v1/reports', () => {
  it('stores a report with its photo made safe, and nothing of the sender', async () => {
    const photo = await jpegWithEverything(640, 480);
    const answer = await post([
      ...basic,
      { name: 'cameraType', value: 'dome' },
      { name: 'direction', value: 'NE' },
      { name: 'brand', value: 'Huawei' },
      { name: 'model', value: 'IPC6625-Z30' },
      { name: 'operatorSign', value: 'Video surveillance: City of Belgrade' },
      { name: 'note', value: 'on the traffic light pole' },
      { name: 'photo', value: photo, filename: 'IMG_0042.JPG', type: 'image/jpeg' },
    ]);
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.json)).toEqual(['id']);
    expect(answer.json.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(answer.headers['set-cookie']).toBeUndefined();
    const stored = await store.reports.get(answer.json.id ?? '');
    expect(stored).toMatchObject({
      day: new Date().toISOString().slice(0, 10),
      lat: 44.817,
      lon: 20.457,
      status: 'new',
      fields: {
        type: 'camera',
        cameraType: 'dome',
        direction: 45,
        brand: 'Huawei',
        model: 'IPC6625-Z30',
        operatorSign: 'Video surveillance: City of Belgrade',
        note: 'on the traffic light pole',
      },
      photo: { type: 'image/jpeg', width: 640, height: 480, redactions: 0 },
    });
    const saved = await store.reports.photo(answer.json.id ?? '');
    const meta = await sharp(saved?.bytes).metadata();
    expect([meta.format, meta.exif, meta.xmp, meta.icc, meta.iptc]).toEqual([
      'jpeg',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // The original file name is not kept either.
    expect((await databaseBytes()).includes('IMG_0042')).toBe(false);
  });

  it('keeps neither the address nor the user agent in the database file or the log', async () => {
    // An unexpected failure, so the log holds a full error line for this sender too.
    const working = context.reports;
    context.reports = { ...working, safePhoto: () => Promise.reject(new Error('disk on fire')) };
    const failed = await post([
      ...basic,
      { name: 'photo', value: Buffer.from([1]), filename: 'a.jpg' },
    ]);
    context.reports = working;
    expect(failed.status).toBe(500);
    expect(logged.join('\n')).toContain('disk on fire');
    const db = await databaseBytes();
    const log = Buffer.from(logged.join('\n'));
    const addressBytes = Buffer.from(clientAddress.split('.').map(Number));
    for (const [where, bytes] of [
      ['database', db],
      ['log', log],
    ] as const) {
      for (const needle of [
        clientAddress,
        '127.83.41',
        userAgent,
        'sousveil-test-ua',
        'ReporterPhone',
      ])
        expect(bytes.includes(needle), `${needle} in the ${where}`).toBe(false);
      expect(bytes.includes(addressBytes), `the address as bytes in the ${where}`).toBe(false);
    }
    for (const secret of Object.values(secrets)) expect(db.includes(secret), secret).toBe(false);
  });

  it.each([
    ['no position', [{ name: 'type', value: 'camera' }], 400, 'field "lat" is required'],
    ['a bad latitude', [{ name: 'lat', value: '91' }, ...basic.slice(1)], 400, 'field "lat"'],
    [
      'an unknown type',
      [...basic.slice(0, 2), { name: 'type', value: 'drone' }],
      400,
      'field "type"',
    ],
    ['a bad direction', [...basic, { name: 'direction', value: 'up' }], 400, 'field "direction"'],
    [
      'an unknown field',
      [...basic, { name: 'email', value: 'me@example.org' }],
      400,
      'unknown field "email"',
    ],
    [
      'a field twice',
      [...basic, { name: 'type', value: 'ALPR' }],
      400,
      'field "type" is given twice',
    ],
    [
      'a photo that is not an image',
      [...basic, { name: 'photo', value: 'hello', filename: 'x.jpg' }],
      400,
      'not a JPEG, PNG, WebP or HEIC',
    ],
    [
      'a photo over 12 MiB inside the body limit',
      [
        ...basic,
        { name: 'photo', value: Buffer.alloc(12 * 1024 * 1024 + 1024, 0xff), filename: 'big.jpg' },
      ],
      413,
      'over its 12582912-byte limit',
    ],
    [
      'a text file sent as a photo',
      [
        ...basic,
        { name: 'photo', value: 'GIF89a not really', filename: 'cam.gif', type: 'image/gif' },
      ],
      400,
      'not a JPEG, PNG, WebP or HEIC',
    ],
    [
      'a long note',
      [...basic, { name: 'note', value: 'x'.repeat(9000) }],
      413,
      'over its 8192-byte limit',
    ],
  ])('refuses %s', async (_what, fields, status, why) => {
    const answer = await post(fields);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toContain(why);
    expect(answer.json.error).not.toContain(clientAddress);
  });

  it('refuses a body over its limit, another content type, and other sites', async () => {
    const big = await post([], { body: Buffer.alloc(13 * 1024 * 1024, 0x41) });
    expect(big.status).toBe(413);
    const json = await post([], {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{}'),
    });
    expect(json.status).toBe(415);
    const cross = await post(basic, { headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    const site = await post(basic, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(site.status).toBe(403);
  });

  it('needs no token where other writes do', async () => {
    const answer = await post(basic, { base: tokenObs.url, from: '127.9.9.9' });
    expect(answer.status).toBe(201);
  });

  it('counts each network per day, and another network is not held back', async () => {
    const from = '127.50.60.1';
    const base = limitObs.url;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await post(basic, { base, from: i === 6 ? '127.50.60.200' : from })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
    const limited = await post(basic, { base, from: '127.50.60.7' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json.error).toContain('try again tomorrow');
    expect((await post(basic, { base, from: '127.50.61.1' })).status).toBe(201);
  });

  it('queues photos a few at a time and refuses a flood beyond the queue', async () => {
    const intake = reportIntake({ concurrency: 1, maxWaiting: 1 });
    const photo = await jpegWithEverything(800, 600);
    const results = await Promise.allSettled([1, 2, 3].map(() => intake.safePhoto(photo)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toContain('too many photos');
  });
});
