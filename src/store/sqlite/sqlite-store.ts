import Database from 'better-sqlite3';
import { SousveilError } from '../../shared/errors.js';
import type { Store } from '../store.js';
import { sqliteMigrations, type Migration } from './migrations.js';
import { SqliteMap } from './sqlite-map.js';
import { SqliteRecords } from './sqlite-records.js';
import { SqliteScans } from './sqlite-scans.js';

/** Waits until no transaction is open, so a call outside it never lands inside it. */
export type Gate = () => Promise<void>;

/** Opens (creating if needed) a SQLite store at `path` (`:memory:` for a throwaway one) and migrates it. */
export function openSqliteStore(
  path: string,
  migrations: readonly Migration[] = sqliteMigrations,
): Store {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (e) {
    throw new SousveilError('store', `cannot open database ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return new SqliteStore(db);
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
    })();
  }
}

class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly scans: SqliteScans;
  readonly records: SqliteRecords;
  readonly map: SqliteMap;
  readonly #db: Database.Database;
  #open: Promise<void> = Promise.resolve();

  constructor(db: Database.Database, gate?: Gate) {
    this.#db = db;
    const g = gate ?? (() => this.#open);
    this.scans = new SqliteScans(db, g);
    this.records = new SqliteRecords(db, g);
    this.map = new SqliteMap(db, g);
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    // Transactions queue behind each other; the tx store's calls skip the gate they hold.
    const previous = this.#open;
    let release = (): void => undefined;
    this.#open = new Promise<void>((r) => (release = r));
    await previous;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(new SqliteStore(this.#db, () => Promise.resolve()));
      this.#db.exec('COMMIT');
      return result;
    } catch (e) {
      this.#db.exec('ROLLBACK');
      throw e;
    } finally {
      release();
    }
  }

  async migrations(): Promise<number[]> {
    await this.#open;
    return this.#db
      .prepare('SELECT version FROM schema_migrations ORDER BY version')
      .pluck()
      .all() as number[];
  }

  async close(): Promise<void> {
    await this.#open;
    this.#db.close();
  }
}
