// The PostgreSQL store: every repository of the `Store` interface over a connection pool,
// migrated under an advisory lock so several processes can start together. Street cameras use
// PostGIS's spatial index when the database has the extension (see migration 7), else a GiST
// index over PostgreSQL's own boxes; `postgis` says which.
import pg from 'pg';
import { StoreError } from '../../shared/errors.js';
import type { StoreChanges } from '../changes.js';
import type { Migration } from '../sqlite/migrations.js';
import type { Store } from '../store.js';
import { pgError, poolConn, safeUrl, type PgConn } from './pg-conn.js';
import { PgApps } from './pg-apps.js';
import { cameraIndexOf, type CameraIndex } from './pg-camera-sql.js';
import { PgCameras } from './pg-cameras.js';
import { PgFirmware } from './pg-firmware.js';
import { PgMap } from './pg-map.js';
import { postgresMigrations } from './pg-migrations.js';
import { PgRecords } from './pg-records.js';
import { PgModerators, PgReports } from './pg-reports.js';
import { PgScans } from './pg-scans.js';
import { PgSearch } from './pg-search.js';
import { PgSites } from './pg-sites.js';

/** Any number the advisory lock of migrations is known by ("sousveil" in ASCII, folded). */
const migrationLock = 0x736f7573;

/** The store on PostgreSQL. */
export class PgStore implements Store {
  readonly dialect = 'postgres' as const;
  readonly scans: PgScans;
  readonly records: PgRecords;
  readonly map: PgMap;
  readonly cameras: PgCameras;
  readonly search: PgSearch;
  readonly apps: PgApps;
  readonly firmware: PgFirmware;
  readonly reports: PgReports;
  readonly moderators: PgModerators;
  readonly sites: PgSites;
  readonly #conn: PgConn;
  readonly #pool: pg.Pool | undefined;
  /** The read of the counters under way, and the one the callers who came during it share. */
  #running: Promise<StoreChanges> | undefined;
  #next: Promise<StoreChanges> | undefined;

  constructor(
    conn: PgConn,
    /** The cameras' spatial index: PostGIS's, or GiST over boxes when PostGIS is missing. */
    readonly cameraIndex: CameraIndex,
    /** Opened for reading only: PostgreSQL refuses every write (default_transaction_read_only). */
    readonly readOnly = false,
    pool?: pg.Pool,
  ) {
    this.#conn = conn;
    this.#pool = pool;
    this.scans = new PgScans(conn);
    this.records = new PgRecords(conn);
    this.map = new PgMap(conn);
    this.cameras = new PgCameras(conn, cameraIndex);
    this.search = new PgSearch(conn);
    this.apps = new PgApps(conn);
    this.firmware = new PgFirmware(conn);
    this.reports = new PgReports(conn);
    this.moderators = new PgModerators(conn);
    this.sites = new PgSites(conn);
  }

  /** Whether the street map's cameras are indexed by PostGIS. */
  get postgis(): boolean {
    return this.cameraIndex === 'postgis';
  }

  /** The connection, for work across tables (`db copy`). */
  get connection(): PgConn {
    return this.#conn;
  }

  /** Runs `fn` atomically on one connection: everything it wrote is kept, or nothing is. */
  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.#conn.transaction((c) => fn(new PgStore(c, this.cameraIndex, this.readOnly)));
  }

  /**
   * Where the store stands, read from the database, so several processes over it see each other's
   * writes: every write of the store moves its area's counter in the same transaction (pg-conn.ts;
   * `db copy` moves them all), and the generation is their sum. (The write-ahead log position
   * would also move on other databases' commits, emptying every cache each time.) Calls made while
   * a read is running share the next read, which starts after they were made: one or two queries
   * at a time however many requests ask, and none is answered from before it asked.
   */
  changes(): Promise<StoreChanges> {
    if (this.#running === undefined) return this.#readChanges();
    this.#next ??= this.#running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.#next = undefined;
        return this.#readChanges();
      });
    return this.#next;
  }

  #readChanges(): Promise<StoreChanges> {
    const read = (async () => {
      const [row] = await this.#conn.query<{ generation: string; areas: StoreChanges['areas'] }>(
        'SELECT sum(n)::text AS generation, json_object_agg(area, n) AS areas FROM store_changes',
      );
      if (row === undefined) throw new Error('store_changes gave no row');
      return { generation: row.generation, areas: row.areas };
    })();
    this.#running = read;
    const done = (): void => {
      if (this.#running === read) this.#running = undefined;
    };
    read.then(done, done);
    return read;
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
export interface PgStoreOptions {
  /** `read`: nothing is migrated and every write is refused; pending migrations are an error. */
  access?: 'read' | 'write';
  /** Connections in the pool (default 8). */
  connections?: number;
  migrations?: readonly Migration[];
}

/** Opens a pool on `url`; for writing, applies pending migrations first. */
export async function openPostgresStore(
  url: string,
  options: PgStoreOptions = {},
): Promise<PgStore> {
  const { access = 'write', migrations = postgresMigrations } = options;
  const place = safeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.connections ?? 8,
    types,
    ...(access === 'read' ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle client's error (the server restarted) must not end the process.
  pool.on('error', () => undefined);
  const conn = poolConn(pool, place);
  try {
    if (access === 'write') await migrate(conn, migrations);
    else {
      const done = new Set(await appliedMigrations(conn));
      const pending = migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
      if (pending.length > 0)
        throw new StoreError(
          place,
          `${place}: migrations ${pending.join(', ')} are not applied; run \`sousveil db migrate --db ${place}\` first`,
        );
    }
    return new PgStore(conn, await cameraIndexOf(conn), access === 'read', pool);
  } catch (e) {
    await pool.end();
    throw pgError(place, e);
  }
}

async function appliedMigrations(conn: PgConn): Promise<number[]> {
  const [exists] = await conn.query<{ t: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS t",
  );
  if (exists?.t == null) return [];
  return (
    await conn.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
  ).map((r) => r.version);
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
): Promise<{ applied: number[]; pending: Migration[]; postgis: PostgisState }> {
  const place = safeUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 1, types });
  pool.on('error', () => undefined);
  try {
    const conn = poolConn(pool, place);
    const applied = await appliedMigrations(conn);
    const done = new Set(applied);
    const [row] = await conn.query<{ available: boolean; installed: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') AS available,
              EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AS installed`,
    );
    const postgis: PostgisState = !done.has(7)
      ? row?.available === true
        ? 'available'
        : 'missing'
      : (await cameraIndexOf(conn)) === 'postgis'
        ? 'indexed'
        : row?.installed === true || row?.available === true
          ? 'unused'
          : 'missing';
    return { applied, pending: migrations.filter((m) => !done.has(m.version)), postgis };
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/**
 * PostGIS and the street map: `indexed` (cameras use its spatial index), `available` (the server
 * has it; migration 7, still pending, will use it), `unused` (installed after migration 7 ran:
 * cameras keep the GiST box index), `missing` (not on the server: the GiST box index).
 */
export type PostgisState = 'indexed' | 'available' | 'unused' | 'missing';

/** Whether `db` (a --db value) names a PostgreSQL database rather than an SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}
