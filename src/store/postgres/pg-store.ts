// The PostgreSQL store, as far as it goes: scans, records, map points, the search index and app
// audits over a connection pool, migrated under an advisory lock so several processes can start
// together. Cameras, firmware audits and reports are still SQLite-only, so this is not yet a
// `Store`, and only the `db` commands open it (see docs/ARCHITECTURE.md).
import pg from 'pg';
import type { StoreChanges } from '../changes.js';
import type { Migration } from '../sqlite/migrations.js';
import { pgError, poolConn, safeUrl, type PgConn } from './pg-conn.js';
import { PgApps } from './pg-apps.js';
import { PgMap } from './pg-map.js';
import { postgresMigrations } from './pg-migrations.js';
import { PgRecords } from './pg-records.js';
import { PgScans } from './pg-scans.js';
import { PgSearch } from './pg-search.js';

/** Any number the advisory lock of migrations is known by ("sousveil" in ASCII, folded). */
const migrationLock = 0x736f7573;

/** The repositories PostgreSQL serves so far, with transactions and change counters. */
export class PgCoreStore {
  readonly dialect = 'postgres' as const;
  readonly scans: PgScans;
  readonly records: PgRecords;
  readonly map: PgMap;
  readonly search: PgSearch;
  readonly apps: PgApps;
  readonly #conn: PgConn;
  readonly #pool: pg.Pool | undefined;

  constructor(conn: PgConn, pool?: pg.Pool) {
    this.#conn = conn;
    this.#pool = pool;
    this.scans = new PgScans(conn);
    this.records = new PgRecords(conn);
    this.map = new PgMap(conn);
    this.search = new PgSearch(conn);
    this.apps = new PgApps(conn);
  }

  /** The connection, for work across tables (`db copy`). */
  get connection(): PgConn {
    return this.#conn;
  }

  /** Runs `fn` atomically on one connection: everything it wrote is kept, or nothing is. */
  async transaction<T>(fn: (tx: PgCoreStore) => Promise<T>): Promise<T> {
    return this.#conn.transaction((c) => fn(new PgCoreStore(c)));
  }

  /**
   * Where the store stands: the write-ahead log position moves on every commit (of any database
   * of the server: it may say "changed" when nothing here did, never the reverse).
   */
  async changes(): Promise<StoreChanges> {
    const [row] = await this.#conn.query<{ generation: string; areas: StoreChanges['areas'] }>(
      `SELECT pg_current_wal_lsn()::text AS generation,
              (SELECT json_object_agg(area, n) FROM store_changes) AS areas`,
    );
    if (row === undefined) throw new Error('store_changes gave no row');
    return { generation: row.generation, areas: row.areas };
  }

  /** Versions of the migrations applied, in order. */
  async migrations(): Promise<number[]> {
    const rows = await this.#conn.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    return rows.map((r) => r.version);
  }

  async close(): Promise<void> {
    await this.#pool?.end();
  }
}

/** BIGINT (count(*), ids) as a JS number: every id and count here stays far below 2^53. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Opens a pool on `url` and applies pending migrations. */
export async function openPostgresCore(
  url: string,
  migrations: readonly Migration[] = postgresMigrations,
): Promise<PgCoreStore> {
  const place = safeUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 8, types });
  // An idle client's error (the server restarted) must not end the process.
  pool.on('error', () => undefined);
  const conn = poolConn(pool, place);
  try {
    await migrate(conn, migrations);
  } catch (e) {
    await pool.end();
    throw pgError(place, e);
  }
  return new PgCoreStore(conn, pool);
}

/** Applies pending migrations, one transaction each, under an advisory lock. */
async function migrate(conn: PgConn, migrations: readonly Migration[]): Promise<void> {
  await conn.transaction(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await c.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await c.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
        (r) => r.version,
      ),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
    }
  });
}

/** Which migrations a PostgreSQL database has and lacks, read without changing it. */
export async function postgresMigrationState(
  url: string,
  migrations: readonly Migration[] = postgresMigrations,
): Promise<{ applied: number[]; pending: Migration[] }> {
  const place = safeUrl(url);
  const client = new pg.Client({ connectionString: url, types });
  try {
    await client.connect();
    const exists = await client.query<{ t: string | null }>(
      "SELECT to_regclass('schema_migrations')::text AS t",
    );
    const applied =
      exists.rows[0]?.t == null
        ? []
        : (
            await client.query<{ version: number }>(
              'SELECT version FROM schema_migrations ORDER BY version',
            )
          ).rows.map((r) => r.version);
    const done = new Set(applied);
    return { applied, pending: migrations.filter((m) => !done.has(m.version)) };
  } catch (e) {
    throw pgError(place, e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether `db` (a --db value) names a PostgreSQL database rather than an SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}
