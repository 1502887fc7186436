// The store API and Chromium tests run over: an SQLite file (`npm test`), or a fresh PostgreSQL
// database when a system test has chosen it (api-postgres.system.test.ts, the *-postgres twins in
// test/e2e/), so the same tests check `serve` and the observatory over both databases.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openSqliteStore, type Store } from '../store/index.js';
import { freshPostgres } from '../store/postgres/pg-test-db.js';
import { openPostgresStore, PgStore } from '../store/postgres/pg-store.js';

let backend: 'sqlite' | 'postgres' = 'sqlite';
/** The dialect of every store or database handed out, so a PostgreSQL twin can check its run. */
const handedOut: Array<'sqlite' | 'postgres'> = [];

/** The dialects of the stores and databases this test file was given, in order. */
export function dialectsUsed(): readonly ('sqlite' | 'postgres')[] {
  return handedOut;
}

/** Makes every later `openTestStore` in this test file open a PostgreSQL database. */
export function useTestBackend(chosen: 'sqlite' | 'postgres'): void {
  backend = chosen;
}

/** A fresh store: the SQLite file `file`, or a new PostgreSQL database dropped on close. */
export async function openTestStore(file: string): Promise<Store> {
  const store = backend === 'sqlite' ? openSqliteStore(file) : await freshPostgresStore();
  handedOut.push(store.dialect);
  return store;
}

async function freshPostgresStore(): Promise<Store> {
  const db = await freshPostgres('api');
  const store = await openPostgresStore(db.url);
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      await close();
      await db.drop();
    },
  });
}

/** Where a test's server keeps its store: the SQLite file, or a new PostgreSQL database. */
export async function testDatabase(
  file: string,
): Promise<{ where: string; drop: () => Promise<void> }> {
  if (backend === 'sqlite') {
    handedOut.push('sqlite');
    return { where: file, drop: async () => undefined };
  }
  const db = await freshPostgres('serve');
  handedOut.push('postgres');
  return { where: db.url, drop: db.drop };
}

/**
 * Everything the store holds, as bytes: the SQLite file with its WAL and journal, or every row
 * of every PostgreSQL table (bytea as its bytes, the rest as text), for "never stored" checks.
 */
export async function storedBytes(store: Store, file: string): Promise<Buffer> {
  if (!(store instanceof PgStore))
    return Buffer.concat(
      readdirSync(dirname(file))
        .filter((f) => f.startsWith(basename(file)))
        .map((f) => readFileSync(join(dirname(file), f))),
    );
  const c = store.connection;
  const tables = await c.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
  );
  const parts: Buffer[] = [];
  for (const { tablename } of tables)
    for (const row of await c.query<Record<string, unknown>>(`SELECT * FROM "${tablename}"`))
      for (const v of Object.values(row))
        parts.push(Buffer.isBuffer(v) ? v : Buffer.from(`${JSON.stringify(v)}\n`));
  return Buffer.concat(parts);
}
