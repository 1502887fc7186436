// Agents against `sousveil serve --workers 2` from the built CLI over one PostgreSQL database:
// the same upload id pushed at once to both workers is saved once, and `sites revoke` (another
// process) is refused on the next request by every worker.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres } from '../store/postgres/pg-test-db.js';
import { call } from './test-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'bin', 'sousveil.js');
let primary: ChildProcess;
let log = '';
let base = '';
let url = '';
let drop: () => Promise<void>;

const sv = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args, '--db', url], { encoding: 'utf8' });

beforeAll(async () => {
  const db = await freshPostgres('agents');
  ({ url, drop } = db);
  expect(sv('db', 'migrate').status).toBe(0);
  primary = spawn(process.execPath, [cli, 'serve', '--port', '0', '--workers', '2', '--db', url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  primary.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const end = Date.now() + 120_000;
  while (!/2 workers answering/.test(log) || !/observatory at/.test(log)) {
    if (Date.now() > end) throw new Error(`serve did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  base = /observatory at (http:\/\/[^/\s]+)\//.exec(log)?.[1] ?? '';
}, 130_000);

afterAll(async () => {
  primary.kill('SIGTERM');
  await new Promise((r) => primary.once('exit', r));
  await drop();
});

describe('agents against several serve workers', () => {
  it('saves a racing upload id once, and a revocation holds on every worker at once', async () => {
    const added = sv('sites', 'add', 'lab', '--range', '10.1.0.0/24', '--json');
    expect(added.status, added.stderr).toBe(0);
    const { code } = JSON.parse(added.stdout) as { code: string };
    const enrolled = await call(base, '/api/v1/agent/enroll', {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ code, name: 'agent' }),
    });
    expect(enrolled.status).toBe(201);
    const { token, agentId } = enrolled.json() as { token: string; agentId: number };
    const push = (uploadId: string) =>
      call(base, `/api/v1/agent/results?uploadId=${uploadId}&every=600`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          connection: 'close',
        },
        body: JSON.stringify({ hosts: [{ address: '10.1.0.5', covered: false }] }),
      });
    const racing = await Promise.all(Array.from({ length: 8 }, () => push('race-upload-1')));
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 200)).toHaveLength(7);
    expect(new Set(racing.map((r) => (r.json() as { id: number }).id)).size).toBe(1);
    expect(new Set(racing.map((r) => r.headers['x-sousveil-worker'])).size).toBe(2);
    const scans = await call(base, '/api/v1/sites/lab/scans');
    expect((scans.json() as unknown[]).length).toBe(1);

    expect(sv('sites', 'revoke', String(agentId)).status).toBe(0);
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => push(`after-revoke-${i}`)));
    expect(after.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(after.map((r) => r.headers['x-sousveil-worker'])).size).toBe(2);
    expect(log).not.toMatch(/error/);
  }, 60_000);
});
