import type Database from 'better-sqlite3';
import type { StoreChanges } from '../changes.js';
import type { Store } from '../store.js';
import { sqliteMigrations, type Migration } from './migrations.js';
import { translated, type StoreAccess } from './sqlite-errors.js';
import {
  gatedConn,
  heldConn,
  withBusyRetry,
  type BusyPolicy,
  type ConnPlace,
  type SqliteConn,
} from './sqlite-lock.js';
import { SqliteApps } from './sqlite-apps.js';
import { SqliteFirmware } from './sqlite-firmware.js';
import { SqliteCameras } from './sqlite-cameras.js';
import { closeAfterWriting, openForReading, openForWriting } from './sqlite-open.js';
import { SqliteMap } from './sqlite-map.js';
import { SqliteSearch } from './sqlite-search.js';
import { SqliteRecords } from './sqlite-records.js';
import { SqliteModerators } from './sqlite-moderators.js';
import { SqliteReports } from './sqlite-reports.js';
import { SqliteScans } from './sqlite-scans.js';
import { SqliteSites } from './sqlite-sites.js';

export interface SqliteStoreOptions extends Partial<BusyPolicy> {
  migrations?: readonly Migration[];
  /**
   * `write` (default): create the file if needed, switch it to WAL and migrate it. `read`: open it
   * read-only and change nothing, for commands that only read (a read-only file or disk works).
   */
  access?: StoreAccess;
}

/**
 * A command may block a few seconds for another process's write lock; a server sharing its event
 * loop passes a short busyTimeoutMs and relies on the asynchronous retries instead.
 */
const defaultPolicy: BusyPolicy = { busyTimeoutMs: 5000, retries: 3 };

/**
 * Opens a SQLite store at `path` (`:memory:` for a throwaway one): for writing (created and
 * migrated) or, with `access: 'read'`, read-only. A file that cannot be used as asked is a
 * StoreError naming it and saying why.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const policy: BusyPolicy = {
    busyTimeoutMs: options.busyTimeoutMs ?? defaultPolicy.busyTimeoutMs,
    retries: options.retries ?? defaultPolicy.retries,
  };
  const migrations = options.migrations ?? sqliteMigrations;
  const opened =
    options.access === 'read'
      ? openForReading(path, migrations)
      : { db: openForWriting(path, migrations), access: 'write' as const };
  opened.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(policy.busyTimeoutMs))}`);
  return new SqliteStore(opened.db, policy, { file: path, access: opened.access });
}

class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly readOnly: boolean;
  readonly scans: SqliteScans;
  readonly records: SqliteRecords;
  readonly map: SqliteMap;
  readonly cameras: SqliteCameras;
  readonly search: SqliteSearch;
  readonly apps: SqliteApps;
  readonly firmware: SqliteFirmware;
  readonly reports: SqliteReports;
  readonly moderators: SqliteModerators;
  readonly sites: SqliteSites;
  readonly #db: Database.Database;
  readonly #policy: BusyPolicy;
  readonly #place: ConnPlace;
  readonly #changes: Database.Statement;
  #open: Promise<void> = Promise.resolve();

  constructor(db: Database.Database, policy: BusyPolicy, place: ConnPlace, conn?: SqliteConn) {
    this.#db = db;
    this.#policy = policy;
    this.#place = place;
    this.readOnly = place.access === 'read';
    const c = conn ?? gatedConn(db, () => this.#open, policy, place);
    this.scans = new SqliteScans(c);
    this.records = new SqliteRecords(c);
    this.map = new SqliteMap(c);
    this.cameras = new SqliteCameras(c);
    this.search = new SqliteSearch(c);
    this.apps = new SqliteApps(c);
    this.firmware = new SqliteFirmware(c);
    this.reports = new SqliteReports(c);
    this.moderators = new SqliteModerators(c);
    this.sites = new SqliteSites(c);
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
    const { file, access } = this.#place;
    try {
      await previous;
      await withBusyRetry(
        () => translated(file, access, () => this.#db.exec('BEGIN IMMEDIATE')),
        this.#policy,
      );
      try {
        const tx = new SqliteStore(
          this.#db,
          this.#policy,
          this.#place,
          heldConn(this.#db, this.#place),
        );
        const result = await fn(tx);
        translated(file, access, () => this.#db.exec('COMMIT'));
        return result;
      } catch (e) {
        this.#rollback();
        throw e;
      }
    } finally {
      release();
    }
  }

  /** Undoes the open transaction, if SQLite has not already (it does on a full disk). */
  #rollback(): void {
    if (!this.#db.inTransaction) return;
    try {
      this.#db.exec('ROLLBACK');
    } catch {
      // The error that led here is the one to report.
    }
  }

  async changes(): Promise<StoreChanges> {
    const row = translated(this.#place.file, this.#place.access, () => this.#changes.get()) as {
      generation: string;
      areas: string;
    };
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
    if (this.readOnly) this.#db.close();
    else closeAfterWriting(this.#db);
  }
}
