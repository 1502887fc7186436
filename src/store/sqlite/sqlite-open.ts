// Opening a SQLite file. For writing: create it if needed, switch to WAL (readers never wait for
// the writer) and migrate. For reading: open it read-only, change nothing (no WAL switch, no
// migration, no file created), so a read-only file or disk can be read; a schema older than the
// code is brought up to date only where the file may be written. Closing after writing switches
// the file back to a rollback journal when no one else has it open, so a copy at rest is one
// self-contained file that read-only media can serve.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { StoreBusyError, StoreError } from '../../shared/errors.js';
import type { Migration } from './migrations.js';
import { storeErrorOf, type StoreAccess } from './sqlite-errors.js';
import { zkey } from './zorder.js';
import { isBusy } from './sqlite-lock.js';

/** How long opening waits (ms) for another process's lock to switch to WAL or migrate. */
const openWaitMs = 5000;

/** An open connection and how it was opened. */
export interface OpenedDb {
  db: Database.Database;
  access: StoreAccess;
}

/** Opens `file` for writing: created if missing, WAL, foreign keys on, migrated. */
export function openForWriting(file: string, migrations: readonly Migration[]): Database.Database {
  const db = construct(file, 'write');
  try {
    db.pragma(`busy_timeout = ${openWaitMs}`);
    pendingMigrations(db, file, migrations);
    // Scan hosts keep whole verdicts (1-3 KiB each): 16 KiB pages hold several, where 4 KiB
    // pages hold one and waste the rest (three times slower to fill). Only a new file takes it.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL never corrupts the file; a power cut may lose the last commits, and a
    // commit skips one fsync (large imports write thousands of them).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // The default 2 MiB page cache thrashes once a million-host scan's indexes outgrow it; 32 MiB
    // keeps their upper levels in memory (a cap per connection, taken only as pages are read).
    db.pragma('cache_size = -32768');
    migrate(db, migrations);
    return db;
  } catch (e) {
    db.close();
    if (isBusy(e))
      throw new StoreBusyError(
        `${file} is busy: another process holds its lock; try again shortly`,
        { cause: e },
      );
    throw storeErrorOf(file, e, 'write');
  }
}

/**
 * Opens `file` for reading without changing it. A file whose schema is older than `migrations` is
 * migrated first when it may be written, else refused with what to do.
 */
export function openForReading(file: string, migrations: readonly Migration[]): OpenedDb {
  if (file === ':memory:' || file === '')
    return { db: openForWriting(file, migrations), access: 'write' };
  if (!existsSync(file))
    throw new StoreError(
      file,
      `there is no database at ${file} (a command that saves, such as \`sousveil net scan\`, creates one)`,
    );
  let pending = readOnly(file, migrations);
  if (pending.db !== undefined) return { db: pending.db, access: 'read' };
  try {
    closeAfterWriting(openForWriting(file, migrations));
  } catch (e) {
    if (!isReadOnlyRefusal(e)) throw e;
    throw new StoreError(
      file,
      `${file} was written by an older sousveil (it lacks ${pending.missing.join(', ')}) and is ` +
        'read-only here, so it cannot be brought up to date: run a command that saves ' +
        '(`sousveil net import`, `sousveil serve`) on it once where it can be written',
      { cause: e },
    );
  }
  pending = readOnly(file, migrations);
  if (pending.db === undefined)
    throw new StoreError(file, `${file}: migrations ${pending.missing.join(', ')} did not apply`);
  return { db: pending.db, access: 'read' };
}

/** Closes a connection that wrote: back to a rollback journal if it is the last one open. */
export function closeAfterWriting(db: Database.Database): void {
  if (db.open && !db.memory) {
    try {
      // Only possible when no other connection has the file; never wait for that.
      db.pragma('busy_timeout = 0');
      db.pragma('journal_mode = DELETE');
    } catch {
      // Another connection still has the file open in WAL mode: it stays so.
    }
  }
  db.close();
}

/** Which migrations a database file has and lacks, read without changing it. */
export function sqliteMigrationState(
  file: string,
  migrations: readonly Migration[],
): { applied: number[]; pending: Migration[] } {
  const db = construct(file, 'read');
  try {
    const pending = pendingMigrations(db, file, migrations);
    const hasTable =
      db
        .prepare(
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        )
        .pluck()
        .get() === 1;
    const applied = hasTable
      ? (db
          .prepare('SELECT version FROM schema_migrations ORDER BY version')
          .pluck()
          .all() as number[])
      : [];
    return { applied, pending };
  } catch (e) {
    throw walOnReadOnlyDisk(file, e) ?? storeErrorOf(file, e, 'read');
  } finally {
    db.close();
  }
}

function readOnly(
  file: string,
  migrations: readonly Migration[],
): { db: Database.Database; missing?: undefined } | { db?: undefined; missing: string[] } {
  const db = construct(file, 'read');
  try {
    db.pragma(`busy_timeout = ${openWaitMs}`);
    const missing = pendingMigrations(db, file, migrations);
    if (missing.length === 0) return { db };
    db.close();
    return { missing: missing.map((m) => `migration ${m.version} (${m.name})`) };
  } catch (e) {
    db.close();
    throw walOnReadOnlyDisk(file, e) ?? storeErrorOf(file, e, 'read');
  }
}

function construct(file: string, access: StoreAccess): Database.Database {
  let db: Database.Database;
  try {
    db =
      access === 'read'
        ? new Database(file, { readonly: true, fileMustExist: true })
        : new Database(file);
  } catch (e) {
    throw storeErrorOf(file, e, access);
  }
  // The street cameras' position key, for migrations and SQL that compute it.
  db.function('sousveil_zkey', { deterministic: true }, (lat, lon) =>
    zkey(Number(lat), Number(lon)),
  );
  return db;
}

/**
 * Migrations not yet applied. Refuses an SQLite file that holds tables but is not sousveil's,
 * rather than adding tables to another program's database.
 */
function pendingMigrations(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
): Migration[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  if (!tables.includes('schema_migrations')) {
    if (tables.length > 0)
      throw new StoreError(
        file,
        `${file} is an SQLite database of another program (tables ${tables.slice(0, 3).join(', ')}…, no schema_migrations); sousveil leaves it alone`,
      );
    return [...migrations];
  }
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  return migrations.filter((m) => !applied.has(m.version));
}

function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, datetime('now'))",
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name);
    }).immediate();
  }
}

/** Whether opening for writing failed because the file or its disk may not be written. */
function isReadOnlyRefusal(e: unknown): boolean {
  const cause = e instanceof StoreError ? e.cause : e;
  return (
    cause instanceof Database.SqliteError &&
    /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(cause.code)
  );
}

/**
 * SQLite cannot read a WAL-mode file in a folder where it may not create the `-shm` index (a
 * read-only disk): say so, rather than "cannot open".
 */
function walOnReadOnlyDisk(file: string, e: unknown): StoreError | undefined {
  if (!(e instanceof Database.SqliteError) || !e.code.startsWith('SQLITE_CANTOPEN'))
    return undefined;
  return new StoreError(
    file,
    `cannot read ${file}: it is still in WAL mode (the last program that wrote it did not ` +
      'close it, or still has it open) and its folder is read-only, so SQLite cannot read it ' +
      'there; open it once for writing where it can be written, or copy it to a writable folder',
    { cause: e },
  );
}
