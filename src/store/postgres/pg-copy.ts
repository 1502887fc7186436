// `sousveil db copy`: an SQLite store moved into an empty PostgreSQL one, table by table in
// batches (ids kept, so links to scans stay valid), in one transaction, then compared: row
// counts and a SHA-256 over every row in key order, computed on each side from what it holds.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { StoreError } from '../../shared/errors.js';
import { sqliteMigrations } from '../sqlite/migrations.js';
import { sqliteMigrationState } from '../sqlite/sqlite-open.js';
import type { PgConn } from './pg-conn.js';
import { openPostgresCore, type PgCoreStore } from './pg-store.js';

/** One table as both sides hold it: its columns, its key order, and how to insert it. */
interface TableCopy {
  table: string;
  columns: readonly string[];
  /** The checksum's order: a unique key; text compared byte by byte on both sides. */
  key: readonly string[];
  /** Key columns that are numbers (the others are text). */
  numeric?: readonly string[];
  /** Columns SQLite keeps as 0/1 and PostgreSQL as booleans. */
  booleans?: readonly string[];
  /** Extra INSERT expressions computed by PostgreSQL from the row's parameters. */
  computed?: { column: string; expression: (param: (column: string) => string) => string };
}

const tables: readonly TableCopy[] = [
  {
    table: 'scans',
    columns: ['id', 'kind', 'started_at', 'finished_at', 'params_json', 'summary_json'],
    key: ['id'],
    numeric: ['id'],
  },
  {
    table: 'scan_hosts',
    columns: [
      'scan_id',
      'address',
      'mac',
      'maker',
      'brand',
      'model',
      'firmware',
      'device_type',
      'confidence',
      'covered',
      'verdict_json',
    ],
    key: ['scan_id', 'address'],
    numeric: ['scan_id'],
    booleans: ['covered'],
  },
  {
    table: 'scan_parts',
    columns: ['scan_id', 'part', 'json'],
    key: ['scan_id', 'part'],
    numeric: ['scan_id', 'part'],
  },
  { table: 'records', columns: ['kind', 'id', 'data_json', 'sources_json'], key: ['kind', 'id'] },
  { table: 'map_points', columns: ['id', 'kind', 'lat', 'lon', 'data_json'], key: ['id'] },
  {
    table: 'search_index',
    columns: ['type', 'id', 'url', 'title', 'body'],
    key: ['type', 'id', 'url'],
    computed: {
      column: 'words',
      expression: (p) =>
        `setweight(to_tsvector('simple', unaccent(${p('title')})), 'A') || setweight(to_tsvector('simple', unaccent(${p('body')})), 'B')`,
    },
  },
  { table: 'search_state', columns: ['key', 'value'], key: ['key'] },
  {
    table: 'app_scans',
    columns: [
      'id',
      'scanned_at',
      'file',
      'sha256',
      'package',
      'version_code',
      'version_name',
      'sdk_count',
      'prc_sdk_count',
      'report_json',
    ],
    key: ['id'],
    numeric: ['id'],
  },
  {
    table: 'app_scan_sdks',
    columns: ['scan_id', 'sdk_id'],
    key: ['sdk_id', 'scan_id'],
    numeric: ['scan_id'],
  },
];

/** Tables of the SQLite store that PostgreSQL cannot hold yet: copying them is refused. */
const notYet: ReadonlyArray<{ table: string; what: string }> = [
  { table: 'cameras', what: 'street cameras' },
  { table: 'firmware_scans', what: 'firmware audits' },
  { table: 'reports', what: 'citizen reports' },
  { table: 'moderators', what: 'moderator accounts' },
];

/** Rows per INSERT statement. */
const batchRows = 500;

export interface CopiedTable {
  table: string;
  rows: number;
  sha256: string;
}

/** What was copied, table by table, each with the count and checksum both sides agree on. */
export interface CopyResult {
  tables: CopiedTable[];
}

/**
 * Copies the SQLite store `file` into the empty PostgreSQL database at `url` (migrated first);
 * refuses a target that already holds data, and a source holding what PostgreSQL cannot hold yet.
 */
export async function copySqliteToPostgres(
  file: string,
  url: string,
  progress: (table: string, rows: number) => void = () => undefined,
): Promise<CopyResult> {
  const state = sqliteMigrationState(file, sqliteMigrations);
  if (state.pending.length > 0)
    throw new StoreError(
      file,
      `${file}: migrations ${state.pending.map((m) => m.version).join(', ')} are not applied; run \`sousveil db migrate --db ${file}\` first`,
    );
  const source = new Database(file, { readonly: true, fileMustExist: true });
  let target: PgCoreStore | undefined;
  try {
    for (const t of notYet) {
      const n = countIfExists(source, t.table);
      if (n > 0)
        throw new StoreError(
          file,
          `${file} holds ${String(n)} ${t.what}, which the PostgreSQL store cannot hold yet; nothing was copied`,
        );
    }
    target = await openPostgresCore(url);
    const conn = target.connection;
    await conn.transaction(async (c) => {
      for (const t of tables) {
        const [row] = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table}`);
        if ((row?.n ?? 0) > 0 && t.table !== 'search_state')
          throw new StoreError(
            url,
            `the target already holds ${t.table}: copy into an empty database`,
          );
      }
      await c.query('DELETE FROM search_state');
      for (const t of tables) await copyTable(source, c, t, progress);
      // Sequences continue after the ids copied.
      for (const table of ['scans', 'app_scans'])
        await c.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
        );
      await c.query(`UPDATE store_changes SET n = n + 1`);
    });
    const copied: CopiedTable[] = [];
    for (const t of tables) {
      const here = sqliteDigest(source, t);
      const there = await postgresDigest(conn, t);
      if (here.rows !== there.rows || here.sha256 !== there.sha256)
        throw new StoreError(
          url,
          `${t.table}: the copy differs from ${file} (${String(there.rows)} rows, sha256 ${there.sha256.slice(0, 12)}… against ${String(here.rows)} rows, ${here.sha256.slice(0, 12)}…)`,
        );
      copied.push({ table: t.table, ...here });
    }
    return { tables: copied };
  } finally {
    source.close();
    await target?.close();
  }
}

function countIfExists(db: Database.Database, table: string): number {
  const exists = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(table);
  return exists === 1 ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0;
}

async function copyTable(
  source: Database.Database,
  c: PgConn,
  t: TableCopy,
  progress: (table: string, rows: number) => void,
): Promise<void> {
  const rows = source
    .prepare(`SELECT ${t.columns.join(', ')} FROM ${t.table}`)
    .raw()
    .iterate();
  const bools = new Set((t.booleans ?? []).map((b) => t.columns.indexOf(b)));
  let batch: unknown[][] = [];
  let done = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const values = batch.map((row) => {
      const at = params.length;
      params.push(...row.map((v, i) => (bools.has(i) ? v === 1 : v)));
      const param = (column: string): string => `$${String(at + t.columns.indexOf(column) + 1)}`;
      const cells = t.columns.map((col) => param(col));
      if (t.computed !== undefined) cells.push(t.computed.expression(param));
      return `(${cells.join(', ')})`;
    });
    const columns = [...t.columns, ...(t.computed === undefined ? [] : [t.computed.column])];
    await c.query(
      `INSERT INTO ${t.table} (${columns.join(', ')}) VALUES ${values.join(', ')}`,
      params,
    );
    done += batch.length;
    progress(t.table, done);
    batch = [];
  };
  for (const row of rows as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
}

/** One row as the checksum reads it: a JSON array, booleans as true/false, and a newline. */
function line(row: readonly unknown[], bools: ReadonlySet<number>): string {
  return `${JSON.stringify(row.map((v, i) => (bools.has(i) ? v === 1 || v === true : v)))}\n`;
}

/** Count and SHA-256 of a table's rows in key order, as JSON arrays (booleans as true/false). */
function digestOf(
  rows: Iterable<unknown[]>,
  bools: ReadonlySet<number>,
): { rows: number; sha256: string } {
  const hash = createHash('sha256');
  let n = 0;
  for (const row of rows) {
    hash.update(line(row, bools));
    n++;
  }
  return { rows: n, sha256: hash.digest('hex') };
}

function sqliteDigest(db: Database.Database, t: TableCopy): { rows: number; sha256: string } {
  const rows = db
    .prepare(`SELECT ${t.columns.join(', ')} FROM ${t.table} ORDER BY ${t.key.join(', ')}`)
    .raw()
    .iterate() as Iterable<unknown[]>;
  return digestOf(rows, new Set((t.booleans ?? []).map((b) => t.columns.indexOf(b))));
}

/** Rows fetched per round trip while the PostgreSQL side is read back. */
const fetchRows = 5000;

async function postgresDigest(c: PgConn, t: TableCopy): Promise<{ rows: number; sha256: string }> {
  const order = t.key
    .map((k) => ((t.numeric ?? []).includes(k) ? k : `${k} COLLATE "C"`))
    .join(', ');
  // A cursor, so a table of millions of rows is read a few thousand at a time.
  return c.transaction(async (tx) => {
    await tx.query(
      `DECLARE copy_check NO SCROLL CURSOR FOR SELECT ${t.columns.join(', ')} FROM ${t.table} ORDER BY ${order}`,
    );
    async function* all(): AsyncGenerator<unknown[]> {
      for (;;) {
        const rows = await tx.query<Record<string, unknown>>(
          `FETCH ${String(fetchRows)} FROM copy_check`,
        );
        for (const r of rows) yield t.columns.map((col) => r[col]);
        if (rows.length < fetchRows) return;
      }
    }
    const hash = createHash('sha256');
    let n = 0;
    const bools = new Set((t.booleans ?? []).map((b) => t.columns.indexOf(b)));
    for await (const row of all()) {
      hash.update(line(row, bools));
      n++;
    }
    await tx.query('CLOSE copy_check');
    return { rows: n, sha256: hash.digest('hex') };
  });
}
