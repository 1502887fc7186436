// Sites and agents over HTTP: a code enrolls once, an agent's token is refused when unknown or
// revoked, a scan outside the site's ranges is refused whole, an upload id is saved once even
// when two pushes race, and the Sites view shows silent agents and the changes between reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { secretHash } from '../sites/index-node.js';
import type { Site, Store } from '../store/index.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { openTestStore } from './test-store.js';
import { call, type CallOptions } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-sites-'));
let store: Store;
let obs: Observatory;
let lab: Site;

beforeAll(async () => {
  const { kb } = await loadKb();
  store = await openTestStore(join(dir, 'sites.db'));
  const added = await store.sites.add({
    name: 'lab',
    ranges: ['10.1.0.0/24', 'fd00::/8'],
    createdAt: '2026-11-30T10:00:00.000Z',
  });
  if (added === undefined) throw new Error('no site');
  lab = added;
  await store.sites.addCode(lab.id, secretHash('GOOD-CODE', 'code'), '2099-01-01T00:00:00.000Z');
  await store.sites.addCode(lab.id, secretHash('OLD-CODE', 'code'), '2020-01-01T00:00:00.000Z');
  await store.sites.addCode(lab.id, secretHash('QUIET-CODE', 'code'), '2099-01-01T00:00:00.000Z');
  // An agent last heard from years ago, with no schedule: silent.
  await store.sites.enroll(secretHash('QUIET-CODE', 'code'), '2021-01-01T00:00:00.000Z', {
    name: 'quiet',
    tokenSha256: secretHash('quiet-token', 'token'),
  });
  obs = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
    token: 'a-token-for-other-writes',
  });
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = (path: string, options: CallOptions = {}) => call(obs.url, `/api/v1${path}`, options);
const enroll = (code: string) =>
  api('/agent/enroll', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name: 'cam-net' }),
  });
const scan = (addresses: string[], targets = ['10.1.0.0/24']) =>
  JSON.stringify({
    scan: { kind: 'scan', targets },
    hosts: addresses.map((address) => ({ address, covered: false })),
  });
const push = (token: string, uploadId: string, body: string, every = '3600') =>
  api(`/agent/results?uploadId=${uploadId}&every=${every}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
const scanCount = async () => (await store.scans.list()).length;

describe('sites and agents over HTTP', () => {
  let token = '';

  it('enrolls an agent once with a code; used, expired or wrong codes get 403', async () => {
    const r = await enroll('good-code');
    expect(r.status).toBe(201);
    const body = r.json() as { agentId: number; site: string; ranges: string[]; token: string };
    expect(body).toMatchObject({ site: 'lab', ranges: ['10.1.0.0/24', 'fd00::/8'] });
    token = body.token;
    expect(token.length).toBeGreaterThan(40);
    for (const code of ['GOOD-CODE', 'OLD-CODE', 'NO-SUCH-CODE']) {
      const again = await enroll(code);
      expect(again.status).toBe(403);
      expect(again.json()).toEqual({ error: 'the enrollment code is wrong, used or expired' });
    }
    const control = await api('/agent/enroll', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'GOOD-CODE', name: 'a\u001b[2Jb' }),
    });
    expect(control.status).toBe(400);
    // Only the hash of the token is kept.
    expect((await store.sites.agentByToken(secretHash(token, 'token')))?.agent.name).toBe(
      'cam-net',
    );
  });

  it('refuses a missing or unknown token with 401, before reading the body', async () => {
    expect((await push('not-a-token', 'upload-0001', scan(['10.1.0.5']))).status).toBe(401);
    const none = await api('/agent/results?uploadId=upload-0001', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: scan(['10.1.0.5']),
    });
    expect(none.status).toBe(401);
    expect(await scanCount()).toBe(0);
  });

  it('saves a pushed scan once per upload id, even when two pushes race', async () => {
    const first = await push(token, 'upload-0001', scan(['10.1.0.5', '10.1.0.6']));
    expect(first.status).toBe(201);
    expect(first.json()).toMatchObject({ site: 'lab', uploadId: 'upload-0001', hosts: 2 });
    const again = await push(token, 'upload-0001', scan(['10.1.0.5', '10.1.0.6']));
    expect(again.status).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), duplicate: true });
    const racing = await Promise.all(
      [1, 2].map(() => push(token, 'upload-0002', scan(['10.1.0.5', '10.1.0.7']))),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(new Set(racing.map((r) => (r.json() as { id: number }).id)).size).toBe(1);
    expect(await scanCount()).toBe(2);
  });

  it('refuses (422) a host or a target outside the site, naming it, and saves nothing', async () => {
    const host = await push(token, 'upload-0003', scan(['10.1.0.5', '10.2.0.9']));
    expect(host.status).toBe(422);
    expect((host.json() as { error: string }).error).toMatch(
      /^host 10\.2\.0\.9 is outside site "lab"/,
    );
    const target = await push(token, 'upload-0004', scan(['10.1.0.5'], ['10.1.0.0/23']));
    expect(target.status).toBe(422);
    expect((target.json() as { error: string }).error).toMatch(
      /^target 10\.1\.0\.0\/23 \(10\.1\.1\.0\)/,
    );
    expect((await push(token, 'upload-0005', scan(['fd00::5'], ['fd00::/64']))).status).toBe(201);
    expect((await push(token, 'upload-0006', scan(['fe80::5'], []))).status).toBe(422);
    expect(await scanCount()).toBe(3);
    // The refused id was not used up: the same id with a scan inside the site is saved.
    expect((await push(token, 'upload-0003', scan(['10.1.0.5']))).status).toBe(201);
  });

  it('checks the upload id and schedule', async () => {
    expect((await push(token, 'short', scan(['10.1.0.5']))).status).toBe(400);
    expect((await push(token, 'upload-0007', scan(['10.1.0.5']), '5')).status).toBe(400);
  });

  it('lists sites with their agents, silent ones marked, and the changes of the newest report', async () => {
    const sites = (await api('/sites')).json() as {
      name: string;
      agents: { name: string; silent: boolean; every?: number }[];
      lastReport: { hosts: number; scanId: number };
      changes: { appeared: number; disappeared: number; since: number };
    }[];
    expect(sites).toHaveLength(1);
    const [site] = sites;
    expect(site?.agents.map((a) => [a.name, a.silent, a.every])).toEqual([
      ['quiet', true, undefined],
      ['cam-net', false, 3600],
    ]);
    // Newest: 10.1.0.5 alone, after fd00::5 alone.
    expect(site?.lastReport.hosts).toBe(1);
    expect(site?.changes).toMatchObject({ appeared: 1, disappeared: 1 });
    const scans = (await api('/sites/lab/scans')).json() as { id: number }[];
    expect(scans.map((s) => s.id)).toHaveLength(4);
    expect(scans[0]?.id).toBe(site?.lastReport.scanId);
    expect((await api('/sites/nowhere/scans')).status).toBe(404);
  });

  it('refuses a revoked agent at once (401), and a revoked agent is never silent', async () => {
    const agent = (await store.sites.agentByToken(secretHash(token, 'token')))?.agent;
    if (agent === undefined) throw new Error('no agent');
    await store.sites.revoke(agent.id, new Date().toISOString());
    const r = await push(token, 'upload-0008', scan(['10.1.0.5']));
    expect(r.status).toBe(401);
    expect((r.json() as { error: string }).error).toMatch(/was revoked/);
    const quiet = (await store.sites.agents(lab.id))[0];
    if (quiet === undefined) throw new Error('no agent');
    await store.sites.revoke(quiet.id, new Date().toISOString());
    const sites = (await api('/sites')).json() as { agents: { silent: boolean }[] }[];
    expect(sites[0]?.agents.map((a) => a.silent)).toEqual([false, false]);
  });
});
