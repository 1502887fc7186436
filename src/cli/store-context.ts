import { existsSync } from 'node:fs';
import { openSqliteStore, type Store } from '../store/index.js';

/** The database file commands use unless --db says otherwise (DESIGN.md: ./sousveil.db). */
export const defaultDbPath = 'sousveil.db';

type DbFlag = string | boolean | (string | boolean)[] | undefined;

/**
 * Opens the store named by --db (or the default) for a command that only reads: read-only, the
 * file left as it is. A file that does not exist yet reads as an empty store (in memory), so
 * reading never creates one.
 */
export function openStoreForReading(db: DbFlag): Store {
  const path = typeof db === 'string' ? db : defaultDbPath;
  if (!existsSync(path)) return openSqliteStore(':memory:');
  return openSqliteStore(path, { access: 'read' });
}

/** Opens the store named by --db (or the default) for a command that saves: created if missing, migrated. */
export function openStoreForWriting(db: DbFlag): Store {
  return openSqliteStore(typeof db === 'string' ? db : defaultDbPath);
}

/** The older name of `openStoreForWriting`. */
export const openStore = openStoreForWriting;
