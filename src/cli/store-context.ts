import { existsSync } from 'node:fs';
import { isPostgresUrl, openSqliteStore, openStoreAt, type Store } from '../store/index.js';

/** The database file commands use unless --db or SOUSVEIL_DB says otherwise (DESIGN.md). */
export const defaultDbPath = 'sousveil.db';

type DbFlag = string | boolean | (string | boolean)[] | undefined;

/** The database a command uses: --db, else the SOUSVEIL_DB environment variable, else ./sousveil.db. */
export function dbLocation(db: DbFlag): string {
  if (typeof db === 'string') return db;
  const env = process.env.SOUSVEIL_DB;
  return env !== undefined && env !== '' ? env : defaultDbPath;
}

/** What is said when the street map runs without PostGIS's index. */
export const postgisNotUsed =
  "PostGIS: not used by this database's street map (missing on the server, or installed after the cameras' table was made): cameras use a GiST index on point boxes, with the same answers, slower over millions of cameras";

/**
 * Opens the store named by --db (or the default) for a command that only reads: read-only, the
 * database left as it is. An SQLite file that does not exist yet reads as an empty store (in
 * memory), so reading never creates one; a PostgreSQL database must be migrated already.
 */
export async function openStoreForReading(db: DbFlag): Promise<Store> {
  const where = dbLocation(db);
  if (!isPostgresUrl(where) && !existsSync(where)) return openSqliteStore(':memory:');
  return openStoreAt(where, { access: 'read' });
}

/** Opens the store named by --db (or the default) for a command that saves: created if missing, migrated. */
export async function openStoreForWriting(db: DbFlag): Promise<Store> {
  return openStoreAt(dbLocation(db));
}

/** The older name of `openStoreForWriting`. */
export const openStore = openStoreForWriting;
