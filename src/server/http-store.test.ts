/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- API replies are read as untyped JSON */
// The server and other processes on one database file: another process's write lock (a CLI
// import, say) makes uploads wait or answer 503 but never hangs the store, and what other
// processes commit shows in the next answer instead of a cached one.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAtlas } from '../atlas/atlas-store.js';
import { miniAtlas } from '../atlas/testdata/mini.js';
import { loadKb } from '../kb/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { call } from './test-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml');
const dir = mkdtempSync(join(tmpdir(), 'sousveil-store-http-'));
const dbPath = join(dir, 'shared.db');
let store: Store;
let obs: Observatory;
let atlasReads = 0;

beforeAll(async () => {
  const { kb } = await loadKb();
  // The server's own waits are short: a few milliseconds each, three tries, then 503.
  store = openSqliteStore(dbPath, { busyTimeoutMs: 10, retries: 3 });
  await saveAtlas(store, miniAtlas());
  const context = await apiContext(kb, store);
  const atlas = context.atlas;
  context.atlas = () => {
    atlasReads++;
    return atlas();
  };
  obs = await startObservatory({ context, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let uploads = 0;
/** Uploads the fixture, each time with a different trailing comment: the same bytes are saved once. */
const upload = () =>
  call(obs.url, '/api/v1/scans?name=office.xml', {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: `${readFileSync(fixture, 'utf8')}<!-- upload ${++uploads} -->\n`,
  });
const scanFiles = async (): Promise<string[]> =>
  (await call(obs.url, '/api/v1/scans'))
    .json()
    .map((s: { params: { files: string[] } }) => s.params.files[0]);

/**
 * Another process that takes the database's write lock, writes a scan inside it, and commits
 * when told to (a line on its stdin).
 */
async function startLockHolder() {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.env.DB);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO scans (kind, started_at, params_json) VALUES ('import', '2026-11-28T00:00:00.000Z', ?)").run(JSON.stringify({ files: ['by-the-other-process'] }));
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: root,
    env: { ...process.env, DB: dbPath },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await once(child.stdout, 'data');
  return {
    release: async () => {
      child.stdin.write('go\n');
      await once(child, 'exit');
    },
  };
}

describe('the server beside other processes on the same database', () => {
  it('while another process holds the write lock: reads are answered, uploads get a clear 503; after, writes work', async () => {
    expect((await upload()).status).toBe(201);
    const holder = await startLockHolder();
    try {
      const scans = await call(obs.url, '/api/v1/scans?limit=10');
      expect(scans.status).toBe(200);
      const refused = await upload();
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.json().error).toContain('database is busy');
    } finally {
      await holder.release();
    }
    expect((await upload()).status).toBe(201);
    expect(await scanFiles()).toContain('by-the-other-process');
  });

  it('sees a CLI `net import` into the same file at once, not its cached answer', async () => {
    const before = await scanFiles();
    expect(await scanFiles()).toEqual(before); // now answered from the cache
    await promisify(execFile)(process.execPath, [
      join(root, 'bin', 'sousveil.js'),
      'net',
      'import',
      fixture,
      '--db',
      dbPath,
      '--fail-on',
      'never',
    ]);
    const after = await scanFiles();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toBe(fixture);
  });

  it('an upload drops the cached answers read from scans, and keeps those read from the atlas', async () => {
    await call(obs.url, '/api/v1/countries');
    const reads = atlasReads;
    expect(reads).toBeGreaterThan(0);
    const before = await scanFiles();
    expect((await upload()).status).toBe(201);
    expect(await scanFiles()).toHaveLength(before.length + 1);
    expect((await call(obs.url, '/api/v1/countries')).status).toBe(200);
    expect(atlasReads).toBe(reads);
  });
});
