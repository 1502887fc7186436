import { existsSync } from 'node:fs';
import { UserError } from '../shared/errors.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { isPostgresUrl } from '../store/postgres/pg-store.js';

/** The database file commands use unless --db or SOUSVEIL_DB says otherwise (DESIGN.md). */
export const defaultDbPath = 'sousveil.db';

type DbFlag = string | boolean | (string | boolean)[] | undefined;

/** The database a command uses: --db, else the SOUSVEIL_DB environment variable, else ./sousveil.db. */
export function dbLocation(db: DbFlag): string {
  if (typeof db === 'string') return db;
  const env = process.env.SOUSVEIL_DB;
  return env !== undefined && env !== '' ? env : defaultDbPath;
}

/** The SQLite file a command other than `db …` uses; a PostgreSQL URL is refused, saying why. */
export function sqlitePath(db: DbFlag): string {
  const where = dbLocation(db);
  if (isPostgresUrl(where))
    throw new UserError(
      'this command needs an SQLite database file for now: the PostgreSQL store holds scans, records, map points, search and app audits but not yet cameras, firmware audits or reports',
      {
        hint: 'pass --db FILE (or unset SOUSVEIL_DB); `sousveil db status|migrate|copy` take PostgreSQL URLs',
      },
    );
  return where;
}

/**
 * Opens the store named by --db (or the default) for a command that only reads: read-only, the
 * file left as it is. A file that does not exist yet reads as an empty store (in memory), so
 * reading never creates one.
 */
export function openStoreForReading(db: DbFlag): Store {
  const path = sqlitePath(db);
  if (!existsSync(path)) return openSqliteStore(':memory:');
  return openSqliteStore(path, { access: 'read' });
}

/** Opens the store named by --db (or the default) for a command that saves: created if missing, migrated. */
export function openStoreForWriting(db: DbFlag): Store {
  return openSqliteStore(sqlitePath(db));
}

/** The older name of `openStoreForWriting`. */
export const openStore = openStoreForWriting;
