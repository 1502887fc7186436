// Moderators' exports over HTTP: every export needs a session; only accepted reports leave; the
// evidence pack the API answers verifies with the server's key; the routes are in the OpenAPI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import { loadKb } from '../kb/index.js';
import { hashPassword } from '../moderation/index-node.js';
import { verifyEvidencePack } from '../reports/index.js';
import { loadOrCreateEvidenceKey, nodePackCrypto } from '../reports/index-node.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { call } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-rexp-api-'));
const keyPath = join(dir, 'key.pem');
const password = 'exports test password';
let store: Store;
let obs: Observatory;
let cookie = '';

beforeAll(async () => {
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'exp.db'));
  await store.moderators.add({
    name: 'ana',
    role: 'moderator',
    passwordHash: await hashPassword(password),
    createdDay: '2026-11-30',
  });
  const photo = {
    info: { type: 'image/jpeg', width: 2, height: 2, bytes: 3, sha256: 'x', redactions: 0 },
    bytes: new Uint8Array([1, 2, 3]),
  };
  await store.reports.add({
    id: 'a1',
    day: '2026-11-30',
    lat: 44.8,
    lon: 20.4,
    fields: { type: 'camera', brand: 'Dahua' },
    photo,
  });
  await store.reports.add({
    id: 'x1',
    day: '2026-11-30',
    lat: 44.8,
    lon: 20.4,
    fields: { type: 'camera' },
  });
  await store.reports.decide({
    reportId: 'a1',
    moderator: 'ana',
    decision: 'accept',
    reason: 'ok',
    at: '2026-11-30T10:00:00Z',
  });
  await store.reports.decide({
    reportId: 'x1',
    moderator: 'ana',
    decision: 'reject',
    reason: 'blurry',
    at: '2026-11-30T10:00:00Z',
  });
  obs = await startObservatory({
    context: await apiContext(kb, store, { evidenceKeyPath: keyPath, generator: 'sousveil test' }),
    host: '127.0.0.1',
    port: 0,
    token: 'a-token-for-other-writes',
  });
  const r = await call(obs.url, '/api/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'ana', password }),
  });
  cookie = String(r.headers['set-cookie']).split(';')[0] ?? '';
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, withSession = true) =>
  call(obs.url, `/api/v1/moderation/exports/${path}`, withSession ? { headers: { cookie } } : {});

describe('report exports over HTTP', () => {
  it.each(['geojson', 'csv', 'osmchange', 'evidence'])(
    '%s needs a moderator session',
    async (p) => {
      expect((await get(p, false)).status).toBe(401);
    },
  );

  it('answers accepted reports as files to save, never cached', async () => {
    const g = await get('geojson');
    expect(g.status).toBe(200);
    expect(g.headers['content-type']).toBe('application/geo+json');
    expect(g.headers['cache-control']).toBe('no-store');
    expect(g.headers['content-disposition']).toMatch(
      /^attachment; filename="sousveil-reports-\d{4}-\d{2}-\d{2}\.geojson"$/,
    );
    const doc = g.json() as { features: { id: string; properties: { maker: string } }[] };
    expect(doc.features.map((f) => [f.id, f.properties.maker])).toEqual([['a1', 'dahua']]);
    expect((await get('csv')).body.toString()).toMatch(/\r\na1,/);
    const osc = (await get('osmchange?bbox=20,44,21,45')).body.toString();
    expect(osc).toContain('<osmChange version="0.6" generator="sousveil test">');
    expect(osc).toContain('<tag k="brand" v="Dahua"/>');
    expect((await get('geojson?bbox=0,0,1,1')).json()).toMatchObject({ features: [] });
    expect((await get('geojson?bbox=nonsense')).status).toBe(400);
  });

  it('answers a signed evidence pack that verifies under the server key', async () => {
    const r = await get('evidence?reports=a1');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    const { signer } = loadOrCreateEvidenceKey(keyPath);
    const check = verifyEvidencePack(
      new Uint8Array(r.body),
      'api.zip',
      { crypto: nodePackCrypto, inflate: zlibInflate },
      signer.publicKeyPem,
    );
    expect(check).toMatchObject({ ok: true, trustedKey: true, reports: 1 });
    expect((await get('evidence?reports=nope')).status).toBe(400);
    expect((await get('evidence?status=maybe')).status).toBe(400);
  });

  it('lists the export routes in the OpenAPI document', async () => {
    const doc = (await call(obs.url, '/api/v1/openapi.json')).json() as {
      paths: Record<string, unknown>;
    };
    for (const p of ['geojson', 'csv', 'osmchange', 'evidence'])
      expect(doc.paths).toHaveProperty([`/api/v1/moderation/exports/${p}`]);
  });
});
