// `sousveil db copy`: an SQLite store moved into an empty PostgreSQL one, table by table in
// batches (ids kept, so links to scans stay valid), in one transaction, then compared: row
// counts and a SHA-256 over every row in key order, computed on each side from what it holds.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { StoreError } from '../../shared/errors.js';
import { sqliteMigrations } from '../sqlite/migrations.js';
import { sqliteMigrationState } from '../sqlite/sqlite-open.js';
import type { PgConn } from './pg-conn.js';
import { tables, type TableCopy } from './pg-copy-tables.js';
import { openPostgresStore, type PgStore } from './pg-store.js';

/**
 * SQLite's R*Tree indexes beside the tables copied (cameras, map points): PostgreSQL builds its
 * indexes from the rows. Virtual tables' shadow tables are SQLite's own and never counted.
 */
const derived = /_rtree$/;
/** Bookkeeping both sides keep for themselves. */
const ownTables = new Set(['schema_migrations', 'store_changes']);

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
 * refuses a target that already holds data, and a source holding a table it does not know.
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
  let target: PgStore | undefined;
  try {
    for (const table of unknownTables(source)) {
      const n = source.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
      if (n > 0)
        throw new StoreError(
          file,
          `${file}: table ${table} holds ${String(n)} row(s) that db copy does not know how to move; nothing was copied`,
        );
    }
    target = await openPostgresStore(url);
    const conn = target.connection;
    await conn.transaction(async (c) => {
      for (const t of tables) {
        const [row] = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table}`);
        if ((row?.n ?? 0) > 0 && t.replaced !== true)
          throw new StoreError(
            url,
            `the target already holds ${t.table}: copy into an empty database`,
          );
      }
      for (const t of tables) if (t.replaced === true) await c.query(`DELETE FROM ${t.table}`);
      for (const t of tables) await copyTable(source, c, t, progress);
      // Sequences continue after the ids copied (SQLite's camera rowids are OSM ids, which may
      // all be negative: a sequence starts at 1 at the lowest).
      for (const { table, serial: id } of tables)
        if (id !== undefined)
          await c.query(
            `SELECT setval(pg_get_serial_sequence('${table}', '${id}'), greatest(coalesce(max(${id}), 0), 0) + 1, false) FROM ${table}`,
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

/** Tables of the SQLite file that are neither copied nor derived nor bookkeeping. */
function unknownTables(db: Database.Database): string[] {
  const known = new Set(tables.map((t) => t.table));
  return (
    db
      .prepare(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'",
      )
      .pluck()
      .all() as string[]
  ).filter((name) => !known.has(name) && !ownTables.has(name) && !derived.test(name));
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

/** One row as the checksum reads it: a JSON array, booleans as true/false, bytes as hex, a newline. */
function line(row: readonly unknown[], bools: ReadonlySet<number>): string {
  const cell = (v: unknown, i: number): unknown =>
    bools.has(i)
      ? v === 1 || v === true
      : v instanceof Uint8Array
        ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
        : v;
  return `${JSON.stringify(row.map(cell))}\n`;
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
