/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- API replies are read as untyped JSON */
// `sousveil serve` as users run it, from the built package: uploads go through the worker threads
// and their own database connections, --keep-scans prunes after each one, --max-app-mib bounds apps.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApk, buildZip } from '../appaudit/test-builders.js';
import { call } from './test-client.js';
import { testDatabase } from './test-store.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = readFileSync(
  join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml'),
);
const dir = mkdtempSync(join(tmpdir(), 'sousveil-serve-'));
let server: ChildProcess;
let url: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await testDatabase(join(dir, 'serve.db'));
  drop = db.drop;
  server = spawn(
    process.execPath,
    [
      join(root, 'bin', 'sousveil.js'),
      'serve',
      '--port',
      '0',
      '--db',
      db.where,
      '--keep-scans',
      '2',
      '--max-app-mib',
      '1',
      '--evidence-key',
      join(dir, 'evidence-key.pem'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let err = '';
    server.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const found = /observatory at (http:\/\/[^/\s]+)\//.exec(err)?.[1];
      if (found !== undefined) resolve(found);
    });
    server.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
}, 60_000);
afterAll(async () => {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (type: string, body: Buffer | string) =>
  call(url, '/api/v1/scans?name=up', { method: 'POST', headers: { 'content-type': type }, body });

describe('sousveil serve from the built package', () => {
  it('identifies and saves uploads off its event loop, keeping the newest --keep-scans', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      // Each time other bytes (a trailing comment): the very same bytes are saved once.
      const up = await post('application/xml', `${fixture.toString()}<!-- ${i} -->\n`);
      expect(up.json()).toMatchObject({ format: 'nmap-xml', hosts: 2, covered: 1 });
      ids.push(up.json().id);
    }
    const again = await post('application/xml', `${fixture.toString()}<!-- 2 -->\n`);
    expect(again.json()).toMatchObject({ id: ids[2], duplicate: true });
    const listed = (await call(url, '/api/v1/scans')).json().map((s: { id: number }) => s.id);
    expect(listed).toEqual([ids[2], ids[1]]);
    const hosts = (await call(url, `/api/v1/scans/${ids[2]}/hosts?covered=true`)).json();
    expect(hosts.map((h: { address: string }) => h.address)).toEqual(['192.0.2.64']);
  });

  it('makes the --evidence-key file at start, readable by its owner only', () => {
    expect(statSync(join(dir, 'evidence-key.pem')).mode & 0o777).toBe(0o600);
  });

  it("answers a worker's errors as the server itself would", async () => {
    const forged = await post(
      'application/json',
      '{"hosts":[{"address":"10.0.0.1","covered":true}]}',
    );
    expect(forged.json()).toMatchObject({ covered: 0, unverified: 1 });
    const bad = await post('application/json', '{"hosts":[{"address":5}]}');
    expect(bad.status).toBe(400);
    expect(bad.json().error).toContain('hosts[0]');
    const other = await post('application/octet-stream', 'just some bytes');
    expect(other.status).toBe(415);
  });
});

const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));

async function appJob(body: Buffer): Promise<{ status: number; job: any }> {
  const up = await call(url, '/api/v1/apps?name=app.apk', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  if (up.status !== 202) return { status: up.status, job: up.json() };
  for (let i = 0; i < 400; i++) {
    const job = (await call(url, `/api/v1/apps/jobs/${up.json().id}`)).json();
    if (job.phase === 'done' || job.phase === 'failed') return { status: 202, job };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the app job did not finish');
}

describe('app uploads in the app worker', () => {
  it('audits an APK in the worker and saves its report; a refused archive fails in one line', async () => {
    const apk = buildApk(
      {
        package: 'org.example.worker',
        dex: [['Lorg/example/worker/Main;', 'Lcom/tencent/bugly/crashreport/CrashReport;']],
      },
      deflate,
    );
    const { job } = await appJob(Buffer.from(apk));
    expect(job).toMatchObject({ phase: 'done', percent: 100 });
    const report = (await call(url, `/api/v1/apps/${job.reportId}`)).json();
    expect(report.sdks.map((s: { id: string }) => s.id)).toEqual(['tencent-bugly']);
    const bomb = buildZip([{ name: '../escape.dex', data: new Uint8Array(4) }], deflate);
    const failed = (await appJob(Buffer.from(bomb))).job;
    expect(failed.phase).toBe('failed');
    expect(failed.error).toMatch(/^app\.apk:.*path traversal refused.*escape\.dex/);
  });

  it('refuses an app over --max-app-mib with 413', async () => {
    const { status, job } = await appJob(Buffer.alloc(1024 * 1024 + 1, 0x50));
    expect(status).toBe(413);
    expect(job.error).toContain('1048576-byte');
  });
});
