// Commands over PostgreSQL (127.0.0.1:5432, or SOUSVEIL_TEST_POSTGRES) as users run them: a scan
// imported with SOUSVEIL_DB naming the database, read back by the read-only commands, which
// refuse a database not migrated yet; `serve` says once when the street map has no PostGIS.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgres } from '../store/postgres/pg-test-db.js';
import { openPostgresStore } from '../store/postgres/pg-store.js';
import { run } from './main.js';
import { openStoreForReading, postgisNotUsed } from './store-context.js';
import { captureIo } from './test-io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'src', 'netaudit', 'import', 'fixtures', 'nmap-hikvision.xml');
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function database(): Promise<string> {
  const db = await freshPostgres('cli');
  drops.push(db.drop);
  return db.url;
}

async function sv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('commands over PostgreSQL', () => {
  it('net import saves into SOUSVEIL_DB; history, diff and atlas stats read it back', async () => {
    const url = await database();
    const before = process.env.SOUSVEIL_DB;
    process.env.SOUSVEIL_DB = url;
    try {
      const saved = await sv('net', 'import', fixture, '--fail-on', 'never');
      expect(saved.err).not.toMatch(/^sousveil:/m);
      expect(saved.code).toBe(0);
      const history = await sv('net', 'history', '--json');
      const runs = (JSON.parse(history.out) as { runs: Array<{ id: number }> }).runs;
      expect(runs).toHaveLength(1);
      const id = String(runs[0]?.id);
      expect((await sv('net', 'diff', id, id)).code).toBe(0);
    } finally {
      if (before === undefined) delete process.env.SOUSVEIL_DB;
      else process.env.SOUSVEIL_DB = before;
    }
    expect((await sv('atlas', 'stats', '--json', '--db', url)).code).toBe(0);
    const reader = await openStoreForReading(url);
    expect(reader.readOnly).toBe(true);
    await expect(
      reader.records.put([{ kind: 'k', id: '1', data: {}, sources: [] }]),
    ).rejects.toThrow(/read-only transaction/);
    await reader.close();
  });

  it('a command that only reads refuses a database not migrated yet, in one line', async () => {
    const url = await database();
    const r = await sv('net', 'history', '--db', url);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')[0]).toMatch(
      /migrations 1, 2, .* are not applied; run `sousveil db migrate --db postgres:\/\/postgres@127\.0\.0\.1:5432\/sousveil_cli_/,
    );
  });

  it('serve over a database whose cameras have no PostGIS index says so once', async () => {
    const url = await database();
    const store = await openPostgresStore(url);
    await store.connection.query(
      `DROP INDEX cameras_geo;
       CREATE INDEX cameras_box ON cameras USING gist (box(point(lon, lat), point(lon, lat)))`,
    );
    await store.close();
    const status = await sv('db', 'status', '--db', url);
    expect(status.out).toMatch(/PostGIS: installed after the street map was created/);
    const server = spawn(
      process.execPath,
      [join(root, 'bin', 'sousveil.js'), 'serve', '--port', '0', '--db', url],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const err = await new Promise<string>((resolve, reject) => {
      let text = '';
      server.stderr.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('observatory at')) resolve(text);
      });
      server.once('exit', (code) => reject(new Error(`serve exited (${String(code)}): ${text}`)));
    });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    expect(err.split(postgisNotUsed).length - 1).toBe(1);
    expect(err).not.toContain('secret');
  });
});
