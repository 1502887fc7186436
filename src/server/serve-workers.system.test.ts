// `sousveil serve --workers 3` from the built CLI over one PostgreSQL database (127.0.0.1:5432,
// or SOUSVEIL_TEST_POSTGRES): answers come from more than one worker, a burst of reads and
// uploads gets no 5xx and saves each upload once, a killed worker is replaced, and stopping the
// primary ends every worker. With an SQLite file, more than one worker is refused in one line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres } from '../store/postgres/pg-test-db.js';
import { call } from './test-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'bin', 'sousveil.js');
const fixture = readFileSync(
  join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml'),
).toString();
let primary: ChildProcess;
let log = '';
let base: string;
let drop: () => Promise<void>;
const password = 'correct horse battery';

const workerPids = (): number[] =>
  [...log.matchAll(/^worker (\d+): observatory at/gm)].map((m) => Number(m[1]));
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (what: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out; log so far:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  const db = await freshPostgres('workers');
  drop = db.drop;
  const added = spawnSync(process.execPath, [cli, 'users', 'add', 'ana', '--db', db.url], {
    input: `${password}\n`,
    encoding: 'utf8',
  });
  expect(added.status, added.stderr).toBe(0);
  primary = spawn(
    process.execPath,
    [cli, 'serve', '--port', '0', '--workers', '3', '--db', db.url],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  primary.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitFor(() => /3 workers answering/.test(log), 120_000);
  base = /observatory at (http:\/\/[^/\s]+)\//.exec(log)?.[1] ?? '';
}, 150_000);
afterAll(async () => {
  if (primary.exitCode === null) {
    const exited = new Promise((resolve) => primary.once('exit', resolve));
    primary.kill('SIGKILL');
    await exited;
  }
  await drop();
}, 60_000);

const upload = (n: number) =>
  call(base, `/api/v1/scans?name=burst-${String(n)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: `${fixture}<!-- ${String(n)} -->\n`,
  });
const ids = async (): Promise<number[]> =>
  ((await call(base, '/api/v1/scans')).json() as Array<{ id: number }>).map((s) => s.id);

describe('serve --workers 3 over PostgreSQL', () => {
  it('answers from several workers, one port, one log line each', async () => {
    expect(workerPids()).toHaveLength(3);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      // A new connection each time: the primary hands connections out in turn.
      const r = await call(base, '/api/v1/statistics', { headers: { connection: 'close' } });
      expect(r.status).toBe(200);
      seen.add(String(r.headers['x-sousveil-worker']));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('answers a burst of reads and uploads with no 5xx, each upload saved once', async () => {
    const before = await ids();
    const reads = ['/api/v1/statistics', '/api/v1/scans', '/api/v1/projects', '/api/v1/vendors'];
    const replies = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => upload(i)),
      ...Array.from({ length: 120 }, (_, i) => call(base, reads[i % reads.length] ?? '/')),
    ]);
    expect(replies.filter((r) => r.status >= 500).map((r) => r.status)).toEqual([]);
    const made = replies.slice(0, 12).map((r) => {
      expect(r.status).toBe(201);
      return (r.json() as { id: number }).id;
    });
    expect(new Set(made).size).toBe(12);
    expect((await ids()).sort((x, y) => x - y)).toEqual([...before, ...made].sort((x, y) => x - y));
  });

  it('knows a moderator session on every worker, and its end', async () => {
    const login = await call(base, '/api/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ana', password }),
    });
    expect(login.status).toBe(201);
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const { csrfToken } = login.json() as { csrfToken: string };
    const queue = () =>
      call(base, '/api/v1/moderation/reports?status=new', {
        headers: { cookie, connection: 'close' },
      });
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = await queue();
      expect(r.status).toBe(200);
      seen.add(String(r.headers['x-sousveil-worker']));
    }
    expect(seen.size).toBeGreaterThan(1);
    const out = await call(base, '/api/v1/sessions/current', {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await queue()).status).toBe(401);
  });

  it('replaces a worker that dies, and logs it', async () => {
    const [victim] = workerPids();
    process.kill(victim ?? 0, 'SIGKILL');
    await waitFor(() => workerPids().length === 4, 60_000);
    expect(log).toMatch(
      new RegExp(`worker ${String(victim)} exited \\(SIGKILL\\); starting another`),
    );
    expect((await call(base, '/api/v1/statistics')).status).toBe(200);
  }, 90_000);

  it('stops every worker on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => primary.once('exit', resolve));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workerPids().filter(isAlive)).toEqual([]);
    // Each stopped on its own, none had to be killed.
    expect(log).toMatch(/stopping 3 workers \(SIGTERM\)/);
    expect(log).not.toMatch(/did not stop/);
    expect(log.match(/^worker \d+: stopping \(SIGTERM\)$/gm)).toHaveLength(3);
  }, 60_000);
});

describe('serve --workers over SQLite', () => {
  it('refuses more than one worker in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sousveil-workers-'));
    try {
      const r = spawnSync(
        process.execPath,
        [cli, 'serve', '--port', '0', '--workers', '2', '--db', join(dir, 'x.db')],
        { encoding: 'utf8' },
      );
      expect(r.status).toBe(1);
      expect(r.stderr.split('\n')[0]).toMatch(/--workers 2: several workers need a PostgreSQL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
