import Database from 'better-sqlite3';
import { SousveilError } from '../../shared/errors.js';
import type { StoreChanges } from '../changes.js';
import type { Store } from '../store.js';
import { sqliteMigrations, type Migration } from './migrations.js';
import {
  gatedConn,
  heldConn,
  withBusyRetry,
  type BusyPolicy,
  type SqliteConn,
} from './sqlite-lock.js';
import { SqliteApps } from './sqlite-apps.js';
import { SqliteCameras } from './sqlite-cameras.js';
import { SqliteMap } from './sqlite-map.js';
import { SqliteSearch } from './sqlite-search.js';
import { SqliteRecords } from './sqlite-records.js';
import { SqliteScans } from './sqlite-scans.js';

export interface SqliteStoreOptions extends Partial<BusyPolicy> {
  migrations?: readonly Migration[];
}

/**
 * A command may block a few seconds for another process's write lock; a server sharing its event
 * loop passes a short busyTimeoutMs and relies on the asynchronous retries instead.
 */
const defaultPolicy: BusyPolicy = { busyTimeoutMs: 5000, retries: 3 };

/** Opens (creating if needed) a SQLite store at `path` (`:memory:` for a throwaway one) and migrates it. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const policy: BusyPolicy = {
    busyTimeoutMs: options.busyTimeoutMs ?? defaultPolicy.busyTimeoutMs,
    retries: options.retries ?? defaultPolicy.retries,
  };
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(policy.busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? sqliteMigrations);
  } catch (e) {
    throw new SousveilError('store', `cannot open database ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return new SqliteStore(db, policy);
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

class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly scans: SqliteScans;
  readonly records: SqliteRecords;
  readonly map: SqliteMap;
  readonly cameras: SqliteCameras;
  readonly search: SqliteSearch;
  readonly apps: SqliteApps;
  readonly #db: Database.Database;
  readonly #policy: BusyPolicy;
  readonly #changes: Database.Statement;
  #open: Promise<void> = Promise.resolve();

  constructor(db: Database.Database, policy: BusyPolicy, conn?: SqliteConn) {
    this.#db = db;
    this.#policy = policy;
    const c = conn ?? gatedConn(db, () => this.#open, policy);
    this.scans = new SqliteScans(c);
    this.records = new SqliteRecords(c);
    this.map = new SqliteMap(c);
    this.cameras = new SqliteCameras(c);
    this.search = new SqliteSearch(c);
    this.apps = new SqliteApps(c);
    // data_version moves when another connection commits, total_changes when this one writes.
    this.#changes = db.prepare(
      `SELECT (SELECT data_version FROM pragma_data_version) || '.' || total_changes() AS generation,
              (SELECT json_group_object(area, n) FROM store_changes) AS areas`,
    );
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    // Transactions queue behind each other; the tx store's calls skip the gate they hold. The lock
    // is taken inside the guarded region, so a BEGIN that fails still lets the next one in.
    const previous = this.#open;
    let release = (): void => undefined;
    this.#open = new Promise<void>((r) => (release = r));
    try {
      await previous;
      await withBusyRetry(() => this.#db.exec('BEGIN IMMEDIATE'), this.#policy);
      try {
        const result = await fn(new SqliteStore(this.#db, this.#policy, heldConn(this.#db)));
        this.#db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw e;
      }
    } finally {
      release();
    }
  }

  async changes(): Promise<StoreChanges> {
    const row = this.#changes.get() as { generation: string; areas: string };
    return { generation: row.generation, areas: JSON.parse(row.areas) as StoreChanges['areas'] };
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
