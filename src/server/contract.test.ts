// Every answer of the API against its declared schema, on the shipped atlas and kb: what the
// server sends is exactly what the contract (and so the web's types and the OpenAPI document) says.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApk } from '../appaudit/test-builders.js';
import { saveAtlas } from '../atlas/atlas-store.js';
import { loadAtlasDir } from '../atlas/fs-atlas.js';
import { buildHikvision, text } from '../firmware/test-builders.js';
import { loadKb } from '../kb/index.js';
import { hashPassword } from '../moderation/index-node.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { routes } from './api.js';
import { secretHash } from '../sites/index-node.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { openApiDocument } from './openapi.js';
import { call } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-contract-'));
let store: Store;
let obs: Observatory;
/** A moderator's session cookie, for the routes that need one. */
let cookie = '';

beforeAll(async () => {
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'contract.db'));
  await saveAtlas(store, loadAtlasDir().atlas);
  const context = await apiContext(kb, store, { evidenceKeyPath: join(dir, 'evidence-key.pem') });
  obs = await startObservatory({ context, host: '127.0.0.1', port: 0 });
  const xml = readFileSync(
    new URL('../netaudit/import/fixtures/nmap-hikvision.xml', import.meta.url),
  );
  const up = await call(obs.url, '/api/v1/scans?name=a.xml', {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: xml,
  });
  expect(up.status).toBe(201);
  // A site with an agent and its pushed scan, for the Sites view.
  const site = await store.sites.add({ name: 'lab', ranges: ['10.1.0.0/24'], createdAt: 'now' });
  await store.sites.addCode(site?.id ?? 0, secretHash('CODE', 'code'), '2099-01-01T00:00:00Z');
  const enrolled = await call(obs.url, '/api/v1/agent/enroll', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'CODE', name: 'agent' }),
  });
  const pushed = await call(obs.url, '/api/v1/agent/results?uploadId=contract-1&every=3600', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${(enrolled.json() as { token: string }).token}`,
    },
    body: JSON.stringify({ hosts: [{ address: '10.1.0.5', covered: false }] }),
  });
  expect(pushed.status).toBe(201);
  const apk = buildApk(
    {
      package: 'org.example.reader',
      dex: [['Lorg/example/reader/Main;', 'Lcom/umeng/analytics/MobclickAgent;']],
      strings: ['api.umeng.com'],
    },
    (d) => new Uint8Array(deflateRawSync(d)),
  );
  const job = await call(obs.url, '/api/v1/apps?name=reader.apk', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: Buffer.from(apk),
  });
  expect(job.status).toBe(202);
  examples['/apps/jobs/:id'] = [(job.json() as { id: string }).id];
  // In-thread (tests run from source), the audit is done by the next request.
  await call(obs.url, '/api/v1/apps');
  const image = buildHikvision({
    files: [{ name: '_cfgUpgClass', data: text('DS-2CD2143G0-I\0') }],
    version: 0x05050000 + 160,
    buildDate: 210416,
  });
  const fw = await call(obs.url, '/api/v1/firmware?name=digicap.dav', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: Buffer.from(image),
  });
  expect(fw.status).toBe(201);
  await context.firmwareJobs.idle();
  const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
  await store.reports.add({
    id: 'report-1',
    day: '2026-11-30',
    lat: 44.817,
    lon: 20.457,
    fields: { type: 'camera' },
    photo: {
      info: {
        type: 'image/jpeg',
        width: 1,
        height: 1,
        bytes: 4,
        sha256: '0'.repeat(64),
        redactions: 0,
      },
      bytes: photo,
    },
  });
  await store.reports.add({
    id: 'report-2',
    day: '2026-11-30',
    lat: 44.8171,
    lon: 20.4571,
    fields: { type: 'ALPR', direction: 180 },
  });
  await store.reports.decide({
    reportId: 'report-2',
    moderator: 'mod',
    decision: 'accept',
    reason: 'seen',
    at: '2026-11-30T12:00:00.000Z',
  });
  const passwordHash = await hashPassword('contract test password');
  await store.moderators.add({
    name: 'mod',
    role: 'moderator',
    passwordHash,
    createdDay: '2026-11-30',
  });
  const login = await call(obs.url, '/api/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'mod', password: 'contract test password' }),
  });
  expect(login.status).toBe(201);
  cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const examples: Record<string, string[]> = {
  '/countries/:id': ['EC', 'RS', 'Kenya'],
  '/projects/:id': ['ecu-911', 'belgrade-safe-city'],
  '/vendors/:id': ['hikvision', 'lorex', 'uniview', 'axis'],
  '/identify': ['?q=44:19:B6:12:34:56', '?q=Lorex', '?q=DS-7608NI-K2&asOf=2020-01-01'],
  '/search': ['?q=ecu', '?q=huawei%20safe'],
  '/scans/:id': ['1'],
  '/scans/:id/hosts': ['1'],
  '/scans/diff': ['?a=1&b=1'],
  '/apps/:id': ['1'],
  '/sdks/:id': ['umeng-analytics', 'pangle', 'huawei-ads'],
  '/firmware/:id': ['1'],
  '/firmware/jobs/:id': ['1'],
  '/firmware': ['', '?maker=hikvision&model=DS-2CD2143G0-I'],
  '/moderation/reports/:id/photo': ['report-1'],
  '/reports': ['?bbox=20,44,21,45'],
  '/sites/:name/scans': ['lab'],
  '/cameras': ['?bbox=-180,-90,180,90&zoom=2', '?bbox=13.4,52.5,13.42,52.53&zoom=16'],
};

describe('the API contract', () => {
  const gets = routes.filter((r) => r.method === 'GET');
  it.each(gets.map((r) => [r.path, r] as const))(
    '%s answers as its schema says',
    async (path, route) => {
      const urls = path.includes(':')
        ? (examples[path] ?? []).map((id) => path.replace(/:\w+/, id))
        : (examples[path] ?? ['']).map((q) => `${path}${q}`);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) {
        const headers: Record<string, string> = route.access === 'moderator' ? { cookie } : {};
        const r = await call(obs.url, `/api/v1${url}`, { headers });
        expect(r.status, url).toBe(200);
        if (route.produces !== undefined) {
          expect(r.headers['content-type'], url).toBe(route.produces);
          continue;
        }
        const body: unknown = r.json();
        // Parsing strips what the schema does not name; an answer with more or less than it says fails.
        expect(route.response.parse(body), url).toEqual(body);
      }
    },
  );

  it('the OpenAPI document gives every route its answer schema', () => {
    const doc = openApiDocument() as {
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
        >
      >;
    };
    for (const r of routes) {
      const op = doc.paths[`/api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`]?.[r.method.toLowerCase()];
      const ok = op?.responses[String(r.status ?? (r.method === 'POST' ? 201 : 200))];
      expect(ok?.content?.['application/json']?.schema, r.path).toMatchObject({});
      expect(JSON.stringify(ok?.content?.['application/json']?.schema)).not.toBe('{}');
    }
  });

  it('a list answers as CSV with the same rows as its JSON', async () => {
    const json = (await call(obs.url, '/api/v1/projects?class=surveillance')).json() as Array<{
      id: string;
    }>;
    const csv = (
      await call(obs.url, '/api/v1/projects?class=surveillance&format=csv')
    ).body.toString();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]?.startsWith('id,name,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(json.map((p) => p.id));
  });

  it('search finds ECU 911 from "ecu" and folds accents', async () => {
    const r = (await call(obs.url, '/api/v1/search?q=ecu')).json() as {
      results: Array<{ type: string; id: string; url: string }>;
    };
    expect(r.results).toContainEqual(
      expect.objectContaining({ type: 'project', id: 'ecu-911', url: '/projects/ecu-911' }),
    );
    const folded = (await call(obs.url, '/api/v1/search?q=ecuador')).json() as {
      results: unknown[];
    };
    const accented = (await call(obs.url, '/api/v1/search?q=%C3%A9cuador')).json() as {
      results: unknown[];
    };
    expect(accented.results.length).toBe(folded.results.length);
  });
});
