// Commands that only read open the database read-only and leave the file exactly as it was;
// commands that save open it for writing. Real files, real commands.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../shared/errors.js';
import { run } from './main.js';
import { openStoreForReading, openStoreForWriting } from './store-context.js';
import { captureIo } from './test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-store-context-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = fileURLToPath(
  new URL('../netaudit/import/fixtures/nmap-hikvision.xml', import.meta.url),
);
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function sv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('opening the store for reading or for writing', () => {
  it('read commands leave the file byte for byte as it was, with no -wal beside it', async () => {
    const db = join(dir, 'scans.db');
    const saved = await sv('net', 'import', fixture, '--db', db, '--fail-on', 'never');
    expect(saved.code).toBe(0);
    const before = sha(db);
    const history = await sv('net', 'history', '--json', '--db', db);
    expect(history.code).toBe(0);
    const runs = (JSON.parse(history.out) as { runs: Array<{ id: number }> }).runs;
    expect(runs).toHaveLength(1);
    const id = String(runs[0]?.id);
    expect((await sv('net', 'diff', id, id, '--db', db)).code).toBe(0);
    expect((await sv('atlas', 'stats', '--json', '--db', db)).code).toBe(0);
    expect(sha(db)).toBe(before);
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(existsSync(`${db}-shm`)).toBe(false);
  });

  it('reading a database that does not exist yet creates nothing', async () => {
    const db = join(dir, 'never.db');
    const store = await openStoreForReading(db);
    expect(await store.scans.list()).toEqual([]);
    await store.close();
    expect(existsSync(db)).toBe(false);
    expect((await sv('net', 'history', '--db', db)).code).toBe(0);
    expect(existsSync(db)).toBe(false);
  });

  it('the read opening is read-only, the write opening is not', async () => {
    const db = join(dir, 'both.db');
    const writer = await openStoreForWriting(db);
    expect(writer.readOnly).toBe(false);
    await writer.records.put([{ kind: 'k', id: '1', data: {}, sources: [] }]);
    await writer.close();
    const reader = await openStoreForReading(db);
    expect(reader.readOnly).toBe(true);
    await expect(
      reader.records.put([{ kind: 'k', id: '2', data: {}, sources: [] }]),
    ).rejects.toBeInstanceOf(StoreError);
    await reader.close();
  });

  it('--db naming a file that is not a database is one StoreError naming it', async () => {
    const readme = join(dir, 'README.md');
    writeFileSync(readme, '# not a database\n'.repeat(50));
    await expect(openStoreForReading(readme)).rejects.toThrow(
      `${readme} is not a database file (SQLite cannot read it as one)`,
    );
    await expect(openStoreForWriting(readme)).rejects.toThrow(StoreError);
  });
});

describe('SOUSVEIL_DB and the db commands', () => {
  it('SOUSVEIL_DB names the database when --db is not given', async () => {
    const db = join(dir, 'from-env.db');
    process.env.SOUSVEIL_DB = db;
    try {
      expect((await sv('db', 'status')).out).toMatch(/no database yet/);
      expect((await sv('db', 'migrate')).out).toMatch(/applied 1 scans/);
      expect((await sv('db', 'status')).out).toMatch(
        /from-env\.db \(SQLite\): \d+ migration\(s\) applied.*\nup to date/,
      );
      expect(existsSync(db)).toBe(true);
      // --db wins over the environment.
      expect((await sv('db', 'status', '--db', join(dir, 'other.db'))).out).toMatch(
        /other\.db: no database yet/,
      );
    } finally {
      delete process.env.SOUSVEIL_DB;
    }
  });

  it('a PostgreSQL URL no server answers is one line naming it, never its password', async () => {
    const r = await sv('net', 'history', '--db', 'postgres://u:pw@127.0.0.1:1/x');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^sousveil: postgres:\/\/u@127\.0\.0\.1:1\/x: .*ECONNREFUSED/);
    expect(r.err).not.toContain('pw');
  });

  it('db copy names what it needs', async () => {
    const r = await sv('db', 'copy', '--from', join(dir, 'x.db'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--from FILE and --to postgres:\/\/… are both needed/);
    const wrong = await sv('db', 'copy', '--from', 'a.db', '--to', 'b.db');
    expect(wrong.err).toMatch(/--to b\.db: not a PostgreSQL URL/);
  });
});
