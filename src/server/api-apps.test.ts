/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- API replies are read as untyped JSON */
// The app routes over a real SQLite file and real HTTP on port 0: an APK uploaded, audited off
// the request path, its job polled to the saved report; the report, the SDK pages and the list;
// uploads too large, of another kind, from another origin, or without the token refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApk, buildZip, type ApkSpec } from '../appaudit/test-builders.js';
import type { AppJob } from '../contract/apps.js';
import { loadKb, SdkRuleIndex, type Kb } from '../kb/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { ingestApp, type AppProgress } from './app-ingest.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { call as callServer, type CallOptions, type Reply } from './test-client.js';

const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));
const dir = mkdtempSync(join(tmpdir(), 'sousveil-api-apps-'));
const TOKEN = 'a-long-test-token-0123456789';
const maxAppUploadBytes = 256 * 1024;
let kb: Kb;
let store: Store;
let obs: Observatory;
let tokenObs: Observatory;

const reader: ApkSpec = {
  package: 'org.example.reader',
  versionName: '2.0',
  versionCode: 20,
  permissions: ['android.permission.READ_PHONE_STATE', 'android.permission.CAMERA'],
  components: [{ kind: 'receiver', name: 'cn.jpush.android.service.PushReceiver' }],
  dex: [['Lorg/example/reader/Main;', 'Lcom/umeng/analytics/MobclickAgent;']],
  strings: ['https://api.umeng.com/collect'],
};
const apk = (spec: ApkSpec): Buffer => Buffer.from(buildApk(spec, deflate));

beforeAll(async () => {
  kb = (await loadKb()).kb;
  store = openSqliteStore(join(dir, 'apps.db'));
  const context = await apiContext(kb, store);
  obs = await startObservatory({ context, host: '127.0.0.1', port: 0, maxAppUploadBytes });
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

const post = (body: Buffer, name = 'reader.apk', headers: Record<string, string> = {}) =>
  call(`/api/v1/apps?name=${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.android.package-archive', ...headers },
    body,
  });

/** Polls a job until it is done or failed. */
async function settled(id: string): Promise<AppJob> {
  for (let i = 0; i < 200; i++) {
    const job = (await call(`/api/v1/apps/jobs/${id}`)).json() as AppJob;
    if (job.phase === 'done' || job.phase === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('app audit API', () => {
  it('an upload answers 202 with a job; the job ends with the saved report, which lists its SDKs', async () => {
    const up = await post(apk(reader));
    expect(up.status).toBe(202);
    const job = up.json() as AppJob;
    expect(job).toMatchObject({ file: 'reader.apk', bytes: apk(reader).length });
    expect(['queued', 'reading', 'matching', 'saving', 'done']).toContain(job.phase);
    const done = await settled(job.id);
    expect(done).toMatchObject({ phase: 'done', percent: 100 });
    const report = (await call(`/api/v1/apps/${done.reportId}`)).json();
    expect(report.package).toBe('org.example.reader');
    expect(report.sdks.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['jpush', 'umeng-analytics', 'umeng-common']),
    );
    expect(report.presenceNote).toMatch(/not proof/);
    const html = await call(`/api/v1/apps/${done.reportId}?format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body.toString()).toContain('Umeng Analytics');
    expect(obs.stats().uploadBytesHeld).toBe(0);
  });

  it('the same bytes again are not audited twice: the job points at the first report', async () => {
    const first = await settled((await post(apk(reader))).json().id);
    const again = await settled((await post(apk(reader), 'copy.apk')).json().id);
    expect(again).toMatchObject({ phase: 'done', duplicate: true, reportId: first.reportId });
  });

  it('lists saved reports a page at a time; the SDK pages count and list the apps seen with them', async () => {
    const before = (await call('/api/v1/sdks')).json();
    const countOf = (list: Array<{ id: string; appCount: number }>, id: string): number =>
      list.find((s) => s.id === id)?.appCount ?? -1;
    const other = await settled(
      (
        await post(
          apk({ ...reader, package: 'org.example.other', strings: ['tracker.example'] }),
          'other.apk',
        )
      ).json().id,
    );
    expect(other.phase).toBe('done');
    // The cached list went when the store's app area changed.
    const after = (await call('/api/v1/sdks')).json();
    expect(countOf(after, 'jpush')).toBe(countOf(before, 'jpush') + 1);
    const page1 = (await call('/api/v1/apps?limit=1')).json();
    expect(page1.items.map((a: { id: number }) => a.id)).toEqual([other.reportId]);
    const page2 = (await call(`/api/v1/apps?limit=1&before=${page1.nextBefore}`)).json();
    expect(page2.items[0].id).toBeLessThan(other.reportId ?? 0);
    const sdk = (await call('/api/v1/sdks/jpush')).json();
    expect(sdk.maker.name).toBeTruthy();
    expect(sdk.apps.map((a: { package: string }) => a.package)).toEqual(
      expect.arrayContaining(['org.example.reader', 'org.example.other']),
    );
    const umeng = (await call('/api/v1/sdks/umeng-common')).json();
    expect(umeng.apps.map((a: { package: string }) => a.package)).toEqual(['org.example.reader']);
    expect((await call('/api/v1/sdks/no-such-sdk')).status).toBe(404);
    expect((await call('/api/v1/apps/99999')).status).toBe(404);
    expect((await call('/api/v1/apps/abc')).status).toBe(400);
    expect((await call('/api/v1/apps?limit=0')).status).toBe(400);
    expect((await call('/api/v1/apps/jobs/no-such-job')).status).toBe(404);
  });

  it('an archive the audit refuses ends its job failed, with the one-line reason', async () => {
    const traversal = Buffer.from(
      buildZip([{ name: '../../evil.dex', data: new Uint8Array(8) }], deflate),
    );
    const job = await settled((await post(traversal, 'evil.apk')).json().id);
    expect(job.phase).toBe('failed');
    expect(job.error).toMatch(/evil\.apk/);
    expect(job.error).not.toContain('\n');
    expect(job.reportId).toBeUndefined();
  });

  it('refuses an app over the limit (413, declared or chunked), not a ZIP (415), empty, cross-origin, or without the token', async () => {
    const big = Buffer.alloc(maxAppUploadBytes + 1, 0x50);
    expect((await post(big)).status).toBe(413);
    const chunked = await post(big, 'big.apk', { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect(chunked.json().error).toContain(`${maxAppUploadBytes}-byte`);
    expect(obs.stats().uploadBytesHeld).toBe(0);
    expect((await post(Buffer.from('not an app'))).status).toBe(415);
    expect((await post(Buffer.alloc(0))).status).toBe(400);
    const plain = await call('/api/v1/apps', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: apk(reader),
    });
    expect(plain.status).toBe(415);
    expect((await post(apk(reader), 'x.apk', { origin: 'https://evil.example' })).status).toBe(403);
    const noToken = await call('/api/v1/apps', {
      base: tokenObs,
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: apk(reader),
    });
    expect(noToken.status).toBe(401);
  });

  it('tells its progress phase by phase, percent rising to the save', async () => {
    const seen: AppProgress[] = [];
    const deps = { kb, index: new SdkRuleIndex(kb.sdks), store, now: () => new Date() };
    const many = {
      ...reader,
      package: 'org.example.many',
      dex: [['Lorg/example/many/A;'], ['Lorg/example/many/B;'], ['Lcn/jpush/android/C;']],
      libs: ['lib/arm64-v8a/libBugly2.so'],
    };
    const result = await ingestApp(deps, { bytes: apk(many), name: 'many.apk' }, (p) =>
      seen.push(p),
    );
    expect(result.duplicate).toBe(false);
    expect(seen.map((p) => p.phase)).toEqual(
      expect.arrayContaining(['reading', 'matching', 'saving']),
    );
    expect(seen.filter((p) => p.phase === 'reading').length).toBeGreaterThan(2);
    const percents = seen.map((p) => p.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(percents[percents.length - 1]).toBeLessThan(100);
  });
});
