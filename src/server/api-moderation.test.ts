// Moderators over HTTP: login sets a strict session cookie, repeated failures lock the account,
// changes need the CSRF token, the queue is never served from the GET cache to someone without a
// session, and every decision lands in the report's audit log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { hashPassword } from '../moderation/index-node.js';
import { MAX_FAILED_LOGINS } from '../moderation/index.js';
import type { Store } from '../store/index.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { openTestStore } from './test-store.js';
import { call, type CallOptions } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-moderation-'));
const password = 'moderation test password';
let store: Store;
let obs: Observatory;

beforeAll(async () => {
  const { kb } = await loadKb();
  store = await openTestStore(join(dir, 'mod.db'));
  const passwordHash = await hashPassword(password);
  for (const name of ['ana', 'eve'])
    await store.moderators.add({ name, role: 'moderator', passwordHash, createdDay: '2026-11-30' });
  await store.cameras.upsert([
    {
      id: 'n1',
      lat: 44.8171,
      lon: 20.4571,
      covered: true,
      type: 'camera',
      maker: 'huawei',
      data: {},
    },
    { id: 'n2', lat: 44.82, lon: 20.46, covered: false, type: 'camera', data: {} },
  ]);
  await store.reports.add({
    id: 'r1',
    day: '2026-11-30',
    lat: 44.817,
    lon: 20.457,
    fields: { type: 'camera', brand: 'Huawei' },
  });
  await store.reports.add({
    id: 'r2',
    day: '2026-11-30',
    lat: 44.818,
    lon: 20.458,
    fields: { type: 'ALPR' },
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
const json = (
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): CallOptions => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const login = (name: string, pw: string) => api('/sessions', json('POST', { name, password: pw }));

describe('moderation over HTTP', () => {
  it('logs in with a strict session cookie and a CSRF token, then works the queue', async () => {
    const r = await login('ana', password);
    expect(r.status).toBe(201);
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^sousveil_session=[\w-]{43}; Path=\/api\/v1; HttpOnly; Secure; SameSite=Strict; Max-Age=28800$/,
    );
    const { csrfToken } = r.json() as { csrfToken: string };
    const cookie = setCookie.split(';')[0] ?? '';

    const queue = await api('/moderation/reports', { headers: { cookie } });
    expect(queue.status).toBe(200);
    expect(queue.headers['cache-control']).toBe('no-store');
    const reports = (queue.json() as { reports: { id: string; nearby: unknown[] }[] }).reports;
    expect(reports.map((x) => x.id)).toEqual(['r1', 'r2']);
    // n1 is 13.6 m from r1 (11.1 m north, 7.9 m east): a possible duplicate; n2, 380 m away, is not.
    expect(reports[0]?.nearby).toEqual([
      { id: 'n1', distanceM: 13.6, type: 'camera', maker: 'huawei' },
    ]);
    // The same URL without a session: refused, not answered from a cache.
    expect((await api('/moderation/reports')).status).toBe(401);

    const decide = (headers: Record<string, string>) =>
      api(
        '/moderation/reports/r1/decisions',
        json('POST', { decision: 'reject', reason: 'duplicate of n123' }, headers),
      );
    expect((await decide({ cookie })).status).toBe(403);
    expect((await decide({ cookie, 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await decide({ 'x-csrf-token': csrfToken })).status).toBe(401);
    const ok = await decide({ cookie, 'x-csrf-token': csrfToken });
    expect(ok.status).toBe(201);
    expect(ok.json()).toEqual({ id: 'r1', status: 'rejected' });
    expect(
      (await store.reports.decisions('r1')).map((d) => [d.moderator, d.decision, d.reason]),
    ).toEqual([['ana', 'reject', 'duplicate of n123']]);
    const missing = await api(
      '/moderation/reports/nope/decisions',
      json('POST', { decision: 'accept', reason: 'x' }, { cookie, 'x-csrf-token': csrfToken }),
    );
    expect(missing.status).toBe(404);
    const noReason = await api(
      '/moderation/reports/r2/decisions',
      json('POST', { decision: 'accept', reason: '' }, { cookie, 'x-csrf-token': csrfToken }),
    );
    expect(noReason.status).toBe(400);
    const rejected = await api('/moderation/reports?status=rejected', { headers: { cookie } });
    expect(
      (rejected.json() as { reports: { decisions: unknown[] }[] }).reports[0]?.decisions,
    ).toHaveLength(1);

    await store.reports.add({
      id: 'r3',
      day: '2026-11-30',
      lat: 1,
      lon: 2,
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
        bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
      },
    });
    const photo = await api('/moderation/reports/r3/photo', { headers: { cookie } });
    expect([photo.status, photo.headers['content-type'], [...photo.body]]).toEqual([
      200,
      'image/jpeg',
      [0xff, 0xd8, 0xff, 0xd9],
    ]);
    expect((await api('/moderation/reports/r3/photo')).status).toBe(401);
    expect((await api('/moderation/reports/r1/photo', { headers: { cookie } })).status).toBe(404);

    const out = await api('/sessions/current', {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await api('/moderation/reports', { headers: { cookie } })).status).toBe(401);
  });

  it('merges duplicates into a camera or an accepted report, refuses bad targets, and the map shows accepted reports only', async () => {
    const r = await login('ana', password);
    const { csrfToken } = r.json() as { csrfToken: string };
    const cookie = String(r.headers['set-cookie']).split(';')[0] ?? '';
    const headers = { cookie, 'x-csrf-token': csrfToken };
    for (const id of ['m1', 'm2', 'm3'])
      await store.reports.add({
        id,
        day: '2026-11-29',
        lat: 44.8172,
        lon: 20.4572,
        fields: { type: 'camera', brand: 'Dahua', note: 'I live next door' },
      });
    const decide = (id: string, body: unknown) =>
      api(`/moderation/reports/${id}/decisions`, json('POST', body, headers));
    expect((await decide('m1', { decision: 'accept', reason: 'seen on the pole' })).status).toBe(
      201,
    );
    const queue = await api('/moderation/reports', { headers: { cookie } });
    const m2 = (
      queue.json() as { reports: { id: string; nearbyReports: { id: string }[] }[] }
    ).reports.find((x) => x.id === 'm2');
    expect(m2?.nearbyReports.map((x) => x.id)).toEqual(['m1']);

    const refusals = await Promise.all([
      decide('m2', { decision: 'merge', reason: 'same', mergeInto: { kind: 'camera', id: 'n9' } }),
      decide('m2', { decision: 'merge', reason: 'same', mergeInto: { kind: 'report', id: 'm2' } }),
      decide('m2', { decision: 'merge', reason: 'same', mergeInto: { kind: 'report', id: 'zz' } }),
      decide('m2', { decision: 'merge', reason: 'same', mergeInto: { kind: 'report', id: 'r1' } }),
      decide('m2', { decision: 'merge', reason: 'same' }),
    ]);
    expect(refusals.map((x) => [x.status, (x.json() as { error: string }).error])).toEqual([
      [400, 'mergeInto: there is no mapped camera "n9"'],
      [400, 'mergeInto: a report cannot be merged into itself'],
      [400, 'mergeInto: there is no report "zz"'],
      [400, 'mergeInto: report "r1" was rejected; accept it first or reject this one'],
      [400, expect.stringContaining('mergeInto')],
    ]);
    const merged = await decide('m2', {
      decision: 'merge',
      reason: 'same pole as m1',
      mergeInto: { kind: 'report', id: 'm1' },
    });
    expect(merged.json()).toEqual({ id: 'm2', status: 'merged' });
    const intoCamera = await decide('m3', {
      decision: 'merge',
      reason: 'already mapped',
      mergeInto: { kind: 'camera', id: 'n1' },
    });
    expect(intoCamera.json()).toEqual({ id: 'm3', status: 'merged' });
    expect((await store.reports.decisions('m3'))[0]?.mergedInto).toEqual({
      kind: 'camera',
      id: 'n1',
    });
    const log = await api('/moderation/reports?status=merged', { headers: { cookie } });
    expect(
      (log.json() as { reports: { id: string; decisions: { mergedInto?: unknown }[] }[] }).reports
        .filter((x) => x.id.startsWith('m'))
        .map((x) => [x.id, x.decisions.at(-1)?.mergedInto]),
    ).toEqual([
      ['m2', { kind: 'report', id: 'm1' }],
      ['m3', { kind: 'camera', id: 'n1' }],
    ]);

    // The public map: anyone, no session; m1 only, without its note.
    const map = await api('/reports?bbox=20.4,44.8,20.5,44.9');
    expect(map.status).toBe(200);
    const features = (map.json() as { features: { properties: Record<string, unknown> }[] })
      .features;
    expect(features.map((f) => f.properties.id)).toEqual(['m1']);
    expect(features[0]?.properties).toMatchObject({
      source: 'public',
      status: 'accepted',
      day: '2026-11-29',
      brand: 'Dahua',
      merged: 1,
    });
    expect(JSON.stringify(features)).not.toContain('next door');
    expect((await api('/reports?bbox=1,2')).status).toBe(400);
    expect((await api('/reports')).status).toBe(400);
  });

  it(`locks an account after ${MAX_FAILED_LOGINS} wrong passwords, and the right one is refused while locked`, async () => {
    const unknown = await login('nobody', 'whatever');
    const wrong = await login('eve', 'not the password');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect((unknown.json() as { error: string }).error).toBe(
      (wrong.json() as { error: string }).error,
    );
    for (let i = 1; i < MAX_FAILED_LOGINS; i++)
      expect((await login('eve', `guess ${i}`)).status).toBe(401);
    const locked = await login('eve', password);
    expect(locked.status).toBe(401);
    expect((locked.json() as { error: string }).error).toContain('locked');
    expect(locked.headers['set-cookie']).toBeUndefined();
    expect((await store.moderators.get('eve'))?.lockedUntil).toBeDefined();
  });

  it('needs no API token to log in, but refuses other sites and bodies that are not JSON', async () => {
    expect(
      (
        await api(
          '/sessions',
          json('POST', { name: 'ana', password }, { origin: 'https://evil.example' }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await api('/sessions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'nope',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api('/sessions', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
  });
});
