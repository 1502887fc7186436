/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- API replies are read as untyped JSON */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAtlas } from '../atlas/atlas-store.js';
import { miniAtlas } from '../atlas/testdata/mini.js';
import { loadKb } from '../kb/index.js';
import type { Store } from '../store/index.js';
import { apiContext } from './context.js';
import { routes, type ApiContext } from './api.js';
import { CSP, startObservatory, writeRefusal, type Observatory } from './http-server.js';
import { openTestStore } from './test-store.js';
import { call as callServer, type CallOptions, type Reply } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-api-'));
const nmapXml = readFileSync(
  new URL('../netaudit/import/fixtures/nmap-hikvision.xml', import.meta.url),
);
let store: Store;
let obs: Observatory;
let tokenObs: Observatory;
let context: ApiContext;
const TOKEN = 'a-long-test-token-0123456789';

beforeAll(async () => {
  const { kb } = await loadKb();
  store = await openTestStore(join(dir, 'api.db'));
  await saveAtlas(store, miniAtlas());
  context = await apiContext(kb, store);
  obs = await startObservatory({ context, host: '127.0.0.1', port: 0 });
  tokenObs = await startObservatory({ context, host: '127.0.0.1', port: 0, token: TOKEN });
});
afterAll(async () => {
  await obs.close();
  await tokenObs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(path: string, options: CallOptions & { base?: Observatory } = {}): Promise<Reply> {
  return callServer((options.base ?? obs).url, path, options);
}

describe('observatory API', () => {
  it('lists countries with their counts, surveillance and infrastructure apart', async () => {
    const r = await call('/api/v1/countries');
    expect(r.status).toBe(200);
    expect(r.json()).toContainEqual(
      expect.objectContaining({
        id: 'EC',
        numeric: '218',
        surveillanceProjects: 1,
        infrastructureProjects: 0,
        suppliers: [{ id: 'hikvision', name: 'Hikvision' }],
      }),
    );
  });

  it("a country's page lists its projects; a project's page has disagreeing figures and sources", async () => {
    const page = (await call('/api/v1/countries/ecuador')).json();
    expect(page.projects[0].name).toBe('ECU 911');
    expect(page.projects[0].class).toBe('surveillance');
    const project = (await call('/api/v1/projects/ecu-911')).json();
    const cameras = project.figures.find((f: { property: string }) => f.property === 'cameras');
    expect(cameras.disagree).toBe(true);
    expect(project.sources.map((s: { id: string }) => s.id)).toContain('aiddata-39281');
    // Every citation number on the page has its entry in the page's source list.
    const numbers = new Set<number>(
      (project.sources as Array<{ n: number }>).map((s: { n: number }) => s.n),
    );
    for (const n of JSON.stringify(project).matchAll(/"cites":\[([\d,]*)\]/g))
      for (const x of (n[1] ?? '').split(',').filter(Boolean))
        expect(numbers.has(Number(x))).toBe(true);
    expect((await call('/api/v1/countries/atlantis')).status).toBe(404);
  });

  it("a vendor's page has its restrictions with dates", async () => {
    const v = (await call('/api/v1/vendors/hikvision')).json();
    // Not-covered alternatives: uncovered camera makers, never a covered one.
    const cams = v.alternatives.find((g: { label: string }) => g.label === 'IP cameras');
    const alts = cams.vendors.map((x: { id: string }) => x.id);
    expect(alts).toContain('axis');
    expect(alts).not.toContain('dahua');
    expect((await call('/api/v1/vendors/axis')).json().alternatives).toEqual([]);
    const shorts = v.restrictions.map(
      (r: { short: string; effective: string }) => `${r.short} ${r.effective}`,
    );
    expect(shorts).toContain('NDAA §889(a)(1)(A) 2019-08-13');
    expect(shorts.some((s: string) => s.startsWith('FCC Covered List'))).toBe(true);
    // Huawei's Entity List entry does not reach Hikvision, though both are PRC-based.
    expect(shorts.some((s: string) => s.startsWith('Entity List (2019-05)'))).toBe(false);
    expect(v.fingerprints.length).toBeGreaterThan(0);
  });

  it('identifies a banner, and refuses an empty query', async () => {
    const r = await call(`/api/v1/identify?q=${encodeURIComponent('App-webs/')}`);
    expect(r.json()).toMatchObject({ match: true, verdict: { maker: { id: 'hikvision' } } });
    const bad = await call('/api/v1/identify?q=');
    expect(bad.status).toBe(400);
    expect(bad.json().error).toContain('q:');
  });

  it('an uploaded nmap XML becomes a saved scan whose hosts carry verdicts', async () => {
    const up = await call('/api/v1/scans?name=office.xml', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: nmapXml,
    });
    expect(up.status).toBe(201);
    const { id, hosts } = up.json();
    expect(hosts).toBeGreaterThan(0);
    const list = (await call(`/api/v1/scans/${id}/hosts`)).json();
    expect(list).toContainEqual(
      expect.objectContaining({ address: '192.0.2.64', maker: 'hikvision', covered: true }),
    );
    const filtered = (await call(`/api/v1/scans/${id}/hosts?maker=dahua`)).json();
    expect(filtered).toEqual([]);
    const byRule = (await call(`/api/v1/scans/${id}/hosts?restriction=us-ndaa-889-a1a`)).json();
    expect(byRule.map((h: { address: string }) => h.address)).toEqual(['192.0.2.64']);
    expect((await call('/api/v1/scans')).json()[0].id).toBe(id);
  });

  it('a sousveil JSON scan can be uploaded too; a malformed one is refused with where', async () => {
    const host = {
      address: '10.0.0.9',
      covered: false,
      evidence: [],
      restrictions: [],
      advisories: [],
    };
    const ok = await call('/api/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hosts: [host] }),
    });
    expect(ok.status).toBe(201);
    const bad = await call('/api/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hosts: [host, { address: 5 }] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toContain('hosts[1]');
  });

  it('refuses uploads that are too large, of another type, or from another origin', async () => {
    const big = await call('/api/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'application/xml', 'content-length': String(64 * 1024 * 1024) },
      body: '',
    });
    expect(big.status).toBe(413);
    const plain = await call('/api/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(plain.status).toBe(415);
    const cross = await call('/api/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'application/xml', origin: 'https://evil.example' },
      body: nmapXml,
    });
    expect(cross.status).toBe(403);
  });

  it('behind a reverse proxy, answers its public Host and takes writes from its origin', async () => {
    const proxied = await startObservatory({
      context,
      host: '127.0.0.1',
      port: 0,
      publicOrigin: 'https://observatory.example',
    });
    try {
      const post = (host: string, origin: string) =>
        call('/api/v1/scans', {
          base: proxied,
          method: 'POST',
          headers: { 'content-type': 'application/xml', host, origin },
          body: `${nmapXml.toString()}<!-- proxied -->`,
        });
      expect((await post('observatory.example', 'https://observatory.example')).status).toBe(201);
      expect((await post('observatory.example', 'https://evil.example')).status).toBe(403);
      expect((await post('evil.example', 'https://evil.example')).status).toBe(421);
      // Without --public-url the same request is a DNS-rebinding attempt.
      const plain = await call('/api/v1/scans', {
        method: 'POST',
        headers: { host: 'observatory.example', origin: 'https://observatory.example' },
      });
      expect(plain.status).toBe(421);
    } finally {
      await proxied.close();
    }
  });

  it('with a token set, writes need it', async () => {
    const post = (auth?: string) =>
      call('/api/v1/scans', {
        base: tokenObs,
        method: 'POST',
        headers: { 'content-type': 'application/xml', ...(auth ? { authorization: auth } : {}) },
        body: nmapXml,
      });
    expect((await post()).status).toBe(401);
    expect((await post('Bearer wrong')).status).toBe(401);
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(201);
  });

  it('off loopback without a token every write is refused', () => {
    expect(writeRefusal(false, undefined, undefined)?.status).toBe(403);
    expect(writeRefusal(false, TOKEN, `Bearer ${TOKEN}`)).toBeUndefined();
    expect(writeRefusal(true, undefined, undefined)).toBeUndefined();
  });

  it('answers only loopback host names (DNS rebinding)', async () => {
    const r = await call('/api/v1/countries', { headers: { host: 'attacker.example:8080' } });
    expect(r.status).toBe(421);
  });

  it('sends a strict CSP, gzip and ETags', async () => {
    const r = await call('/api/v1/statistics', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers['content-security-policy']).toBe(CSP);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.json().headlines.length).toBeGreaterThan(0);
    const again = await call('/api/v1/statistics', {
      headers: { 'if-none-match': String(r.headers.etag) },
    });
    expect(again.status).toBe(304);
  });

  it('describes every route in openapi.json, and answers unknown ones with JSON errors', async () => {
    const doc = (await call('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of routes) {
      const path = `/api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[path][r.method.toLowerCase()].summary).toBe(r.summary);
    }
    const missing = await call('/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json().error).toContain('/api/v1/nothing');
    expect((await call('/api/v1/countries', { method: 'DELETE' })).status).toBe(405);
    expect((await call('/api/v1/scans/abc')).status).toBe(400);
  });

  it('serves the country shapes for the map, keyed by ISO numeric id', async () => {
    const g = (await call('/api/v1/map/countries')).json();
    expect(g.type).toBe('FeatureCollection');
    expect(g.features.find((f: { id: string }) => f.id === '218').properties.name).toBe('Ecuador');
  });
});
