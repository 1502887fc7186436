// Two `sousveil serve` processes over one PostgreSQL database (127.0.0.1:5432, or
// SOUSVEIL_TEST_POSTGRES): what one saves, the other answers at once, even where its cache held
// the answer before; uploads sent to both at the same time are each saved once.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres } from '../store/postgres/pg-test-db.js';
import { call } from './test-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = readFileSync(
  join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml'),
).toString();
const servers: ChildProcess[] = [];
let drop: () => Promise<void>;
let a: string;
let b: string;

function serve(url: string): Promise<string> {
  const server = spawn(
    process.execPath,
    [join(root, 'bin', 'sousveil.js'), 'serve', '--port', '0', '--db', url],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  servers.push(server);
  return new Promise<string>((resolve, reject) => {
    let err = '';
    server.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const found = /observatory at (http:\/\/[^/\s]+)\//.exec(err)?.[1];
      if (found !== undefined) resolve(found);
    });
    server.once('exit', (code) => reject(new Error(`serve exited (${String(code)}): ${err}`)));
  });
}

beforeAll(async () => {
  const db = await freshPostgres('two');
  drop = db.drop;
  // One after the other: the first migrates and seeds, the second finds it done.
  a = await serve(db.url);
  b = await serve(db.url);
}, 120_000);
afterAll(async () => {
  for (const s of servers) {
    const exited = new Promise((resolve) => s.once('exit', resolve));
    s.kill('SIGTERM');
    await exited;
  }
  await drop();
}, 60_000);

const upload = (base: string, n: number) =>
  call(base, `/api/v1/scans?name=site-${String(n)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: `${fixture}<!-- ${String(n)} -->\n`,
  });

const ids = async (base: string): Promise<number[]> =>
  ((await call(base, '/api/v1/scans')).json() as Array<{ id: number }>).map((s) => s.id);

describe('two serve processes over one PostgreSQL database', () => {
  it('answers at once what the other saved, though its cache held the list before', async () => {
    expect(await ids(b)).toEqual([]);
    const cached = await call(b, '/api/v1/scans');
    const etag = cached.headers.etag;
    expect(typeof etag).toBe('string');
    // The same answer again, from b's cache.
    expect(
      (await call(b, '/api/v1/scans', { headers: { 'if-none-match': String(etag) } })).status,
    ).toBe(304);
    const saved = await upload(a, 0);
    expect(saved.status).toBe(201);
    const id = (saved.json() as { id: number }).id;
    expect(await ids(b)).toEqual([id]);
    const hosts = (
      await call(b, `/api/v1/scans/${String(id)}/hosts?covered=true`)
    ).json() as Array<{ address: string }>;
    expect(hosts.map((h) => h.address)).toEqual(['192.0.2.64']);
  });

  it('saves uploads sent to both at the same time once each, none lost', async () => {
    const before = await ids(a);
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => upload(i % 2 === 0 ? a : b, i + 1)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(12).fill(201));
    const made = replies.map((r) => (r.json() as { id: number }).id);
    expect(new Set(made).size).toBe(12);
    const listedA = await ids(a);
    const listedB = await ids(b);
    expect(listedA).toEqual(listedB);
    expect(listedA.sort((x, y) => x - y)).toEqual([...before, ...made].sort((x, y) => x - y));
  });
});
