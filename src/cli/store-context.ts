import { openSqliteStore, type Store } from '../store/index.js';

/** The database file commands use unless --db says otherwise (DESIGN.md: ./sousveil.db). */
export const defaultDbPath = 'sousveil.db';

/** Opens the store named by --db (or the default). */
export function openStore(db: string | boolean | (string | boolean)[] | undefined): Store {
  return openSqliteStore(typeof db === 'string' ? db : defaultDbPath);
}
