/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- API replies are read as untyped JSON */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHikvision, buildTar, text } from '../firmware/test-builders.js';
import { loadKb } from '../kb/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { call, type Reply } from './test-client.js';
import type { ApiContext } from './api-types.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-api-fw-'));
let store: Store;
let obs: Observatory;
let context: ApiContext;

beforeAll(async () => {
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'api.db'));
  context = await apiContext(kb, store);
  obs = await startObservatory({ context, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const image = buildHikvision({
  files: [
    { name: '_cfgUpgClass', data: text('DS-2CD2143G0-I\0') },
    {
      name: 'app.tar.gz',
      data: new Uint8Array(
        gzipSync(buildTar([{ name: 'etc/init.d/rcS', data: text('telnetd &\n') }])),
      ),
    },
  ],
  version: 0x05050000 + 160,
  buildDate: 210416,
});

const post = (body: Buffer, type = 'application/octet-stream'): Promise<Reply> =>
  call(obs.url, '/api/v1/firmware?name=digicap.dav', {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });

describe('firmware API', () => {
  it('an upload is answered at once with a job; the job ends saved; the report is listed and shown', async () => {
    const r = await post(Buffer.from(image));
    expect(r.status).toBe(201);
    expect(r.json()).toMatchObject({
      file: 'digicap.dav',
      sizeBytes: image.length,
      state: 'queued',
    });
    await context.firmwareJobs.idle();
    const job = (await call(obs.url, `/api/v1/firmware/jobs/${r.json().id}`)).json();
    expect(job).toMatchObject({ state: 'done', stage: 'saved' });
    const list = (await call(obs.url, '/api/v1/firmware')).json();
    expect(list[0]).toMatchObject({
      id: job.scanId,
      maker: 'hikvision',
      affectedCount: 1,
      kevCount: 1,
    });
    const report = (await call(obs.url, `/api/v1/firmware/${job.scanId}`)).json();
    expect(report.identity.models).toEqual(['DS-2CD2143G0-I']);
    expect(report.indicators.map((i: { id: string }) => i.id)).toEqual(['telnetd-at-boot']);
    const html = await call(obs.url, `/api/v1/firmware/${job.scanId}?format=html`);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body.toString()).toContain('CVE-2021-36260');
  });

  it('a job that fails says why; unknown ids and wrong types are refused', async () => {
    const r = await post(Buffer.from(buildHikvision({ files: [{ name: '..', data: text('x') }] })));
    await context.firmwareJobs.idle();
    expect((await call(obs.url, `/api/v1/firmware/jobs/${r.json().id}`)).json()).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/path traversal refused/),
    });
    expect((await call(obs.url, '/api/v1/firmware/jobs/999')).status).toBe(404);
    expect((await call(obs.url, '/api/v1/firmware/999')).status).toBe(404);
    expect((await post(Buffer.from('x'), 'application/json')).status).toBe(415);
  });
});
