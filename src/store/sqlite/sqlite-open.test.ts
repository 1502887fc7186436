// Opening real database files for reading and for writing: read-only files and disks, files that
// are not databases, a full disk. Read-only disks and a full disk are real tmpfs mounts, made
// where the tests may mount (root with CAP_SYS_ADMIN); elsewhere those cases are skipped.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../shared/errors.js';
import { sqliteMigrations } from './migrations.js';
import { storeErrorOf } from './sqlite-errors.js';
import { openSqliteStore } from './sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'sousveil-open-'));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts.reverse()) execFileSync('umount', [m]);
  rmSync(root, { recursive: true, force: true });
});
let dir: string;
let n = 0;
beforeEach(() => {
  dir = join(root, String(++n));
  mkdirSync(dir);
});

const isRoot = process.getuid?.() === 0;

/** A fresh tmpfs of `sizeKb`, or undefined where this process may not mount. */
function tmpfs(sizeKb: number): string | undefined {
  const at = join(root, `mnt-${++n}`);
  mkdirSync(at);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', at], {
      stdio: 'ignore',
    });
  } catch {
    return undefined;
  }
  mounts.push(at);
  return at;
}
const canMount = tmpfs(64) !== undefined;

const remountReadOnly = (at: string): void => {
  execFileSync('mount', ['-o', 'remount,ro', at]);
};
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const record = (id: string) => ({ kind: 'k', id, data: { id }, sources: ['s'] });

async function makeDb(file: string, migrations = sqliteMigrations): Promise<void> {
  const store = openSqliteStore(file, { migrations });
  await store.records.put([record('a'), record('b')]);
  await store.close();
}

async function storeError(p: Promise<unknown> | (() => unknown)): Promise<StoreError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    return e as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('opening a database file for reading', () => {
  it('changes nothing: no WAL switch, no -wal file, no migration, same bytes', async () => {
    const file = join(dir, 'a.db');
    await makeDb(file);
    // Closing the last writer left one self-contained file in rollback-journal mode.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
    const before = sha(file);
    const store = openSqliteStore(file, { access: 'read' });
    expect(store.readOnly).toBe(true);
    expect((await store.records.list('k')).map((r) => r.id)).toEqual(['a', 'b']);
    expect(await store.migrations()).toEqual(sqliteMigrations.map((m) => m.version));
    const refused = await storeError(store.records.put([record('c')]));
    expect(refused.code).toBe('store');
    expect(refused.message).toBe(`cannot write to ${file}: it was opened for reading only`);
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(sha(file)).toBe(before);
  });

  it('reads a file without write permission (mode 0444), leaving it unchanged', async () => {
    const file = join(dir, 'ro.db');
    await makeDb(file);
    chmodSync(file, 0o444);
    const before = sha(file);
    const store = openSqliteStore(file, { access: 'read' });
    expect(await store.records.count('k')).toBe(2);
    await store.close();
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    if (!isRoot) {
      // Root may write whatever the mode says; anyone else is refused, in words.
      const e = await storeError(() => openSqliteStore(file));
      expect(e.message).toBe(
        `cannot write to ${file}: it is read-only (its permissions, or a read-only disk)`,
      );
    }
  });

  it('brings an older schema up to date where the file may be written, then reads', async () => {
    const file = join(dir, 'old.db');
    await makeDb(file, sqliteMigrations.slice(0, 4));
    const store = openSqliteStore(file, { access: 'read' });
    expect(store.readOnly).toBe(true);
    expect(await store.migrations()).toEqual(sqliteMigrations.map((m) => m.version));
    expect(await store.records.count('k')).toBe(2);
    await store.close();
  });

  it('refuses a file that is not a database, in words, and leaves it alone', async () => {
    const file = join(dir, 'README.md');
    writeFileSync(file, '# sousveil\n\nwatches the watchers.\n'.repeat(20));
    const before = sha(file);
    for (const access of ['read', 'write'] as const) {
      const e = await storeError(() => openSqliteStore(file, { access }));
      expect(e.message).toBe(`${file} is not a database file (SQLite cannot read it as one)`);
      expect(e.file).toBe(file);
      expect((e.cause as { code?: string }).code).toBe('SQLITE_NOTADB');
    }
    expect(sha(file)).toBe(before);
  });

  it("refuses another program's SQLite database rather than adding tables to it", async () => {
    const file = join(dir, 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    other.close();
    const before = sha(file);
    for (const access of ['read', 'write'] as const) {
      const e = await storeError(() => openSqliteStore(file, { access }));
      expect(e.message).toMatch(/is an SQLite database of another program \(tables photos…/);
    }
    expect(sha(file)).toBe(before);
  });

  it('names a missing folder, a folder given as the file, and a damaged file', async () => {
    const missing = join(dir, 'no', 'such', 'x.db');
    expect((await storeError(() => openSqliteStore(missing))).message).toBe(
      `cannot open ${missing}: its folder does not exist`,
    );
    expect((await storeError(() => openSqliteStore(dir))).message).toMatch(/^cannot open /);
    const damaged = join(dir, 'damaged.db');
    await makeDb(damaged);
    const bytes = readFileSync(damaged);
    bytes.fill(0x55, 100, bytes.length); // keep the header, garble every page
    writeFileSync(damaged, bytes);
    const e = await storeError(() => openSqliteStore(damaged, { access: 'read' }));
    expect(e.message).toMatch(/is (damaged|not a database file)/);
  });
});

describe('writers sharing a file', () => {
  it('the last writer to close leaves one file; while another has it open, it stays in WAL', async () => {
    const file = join(dir, 'w.db');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    await b.records.put([record('x')]);
    await b.close();
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(await a.records.count('k')).toBe(1);
    await a.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});

describe.runIf(canMount)('read-only and full disks (tmpfs mounts)', () => {
  it('reads a database on a read-only disk; an older schema there is refused with what to do', async () => {
    // Room for two databases of every table (16 KiB pages) as migrations add them.
    const disk = tmpfs(4096)!;
    await makeDb(join(dir, 'cur.db'));
    await makeDb(join(dir, 'old.db'), sqliteMigrations.slice(0, 4));
    copyFileSync(join(dir, 'cur.db'), join(disk, 'cur.db'));
    copyFileSync(join(dir, 'old.db'), join(disk, 'old.db'));
    remountReadOnly(disk);
    const store = openSqliteStore(join(disk, 'cur.db'), { access: 'read' });
    expect(await store.records.count('k')).toBe(2);
    await store.close();
    const old = join(disk, 'old.db');
    const e = await storeError(() => openSqliteStore(old, { access: 'read' }));
    expect(e.message).toMatch(
      new RegExp(
        `^${old} was written by an older sousveil \\(it lacks migration [^)]*\\)(, migration [^)]*\\))*\\) and is read-only here, so it cannot be brought up to date: run a command that saves`,
      ),
    );
    const write = await storeError(() => openSqliteStore(join(disk, 'cur.db')));
    expect(write.message).toMatch(/it is read-only/);
  });

  it('says why a database left in WAL mode cannot be read on a read-only disk', async () => {
    const disk = tmpfs(1024)!;
    const file = join(dir, 'wal.db');
    const open = new Database(file);
    open.pragma('journal_mode = WAL');
    open.close();
    copyFileSync(file, join(disk, 'wal.db'));
    remountReadOnly(disk);
    const e = await storeError(() => openSqliteStore(join(disk, 'wal.db'), { access: 'read' }));
    expect(e.message).toMatch(/is still in WAL mode .* its folder is read-only/);
  });

  it('a full disk is one clear error; what was written before stays, the store goes on', async () => {
    // Room for the migrations and their log, not for the write.
    const disk = tmpfs(3072)!;
    const file = join(disk, 'full.db');
    const store = openSqliteStore(file);
    await store.records.put([record('kept')]);
    const big = Array.from({ length: 200 }, (_, i) => ({
      ...record(`big-${i}`),
      data: 'x'.repeat(8000),
    }));
    const e = await storeError(
      store.transaction(async (tx) => {
        for (let i = 0; i < 10; i++)
          await tx.records.put(big.map((r) => ({ ...r, id: `${r.id}-${i}` })));
      }),
    );
    expect(e.message).toBe(
      `cannot write to ${file}: the disk is full; nothing of this write was kept, free some space`,
    );
    expect((e.cause as { code?: string }).code).toBe('SQLITE_FULL');
    expect((await store.records.list('k')).map((r) => r.id)).toEqual(['kept']);
    await store.close();
  });
});

describe('storeErrorOf', () => {
  it("turns SQLite's real SQLITE_FULL into words naming the file, keeping the cause", () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x)');
    db.pragma('max_page_count = 2');
    let raw: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(20000));
    } catch (e) {
      raw = e;
    }
    db.close();
    const e = storeErrorOf('scans.db', raw) as StoreError;
    expect(e).toBeInstanceOf(StoreError);
    expect(e.code).toBe('store');
    expect(e.message).toMatch(/^cannot write to scans\.db: the disk is full/);
    expect(e.cause).toBe(raw);
  });

  it('leaves errors that are not about the file as they are', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x CHECK (x > 0))');
    let raw: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (-1)').run();
    } catch (e) {
      raw = e;
    }
    db.close();
    expect(storeErrorOf('a.db', raw)).toBe(raw);
    const plain = new Error('bug');
    expect(storeErrorOf('a.db', plain)).toBe(plain);
  });
});
