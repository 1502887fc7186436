// Opens the store a location names: a PostgreSQL URL (postgres://…) or an SQLite file.
import type { StoreAccess } from './sqlite/sqlite-errors.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import { isPostgresUrl, openPostgresStore } from './postgres/pg-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  access?: StoreAccess;
  /** SQLite's wait for another process's write lock (PostgreSQL's writers do not block readers). */
  busy?: Pick<SqliteStoreOptions, 'busyTimeoutMs' | 'retries'>;
  /** PostgreSQL's connections in this process's pool. */
  connections?: number;
}

/** The store at `where`, opened for writing (migrated) or reading. */
export async function openStoreAt(where: string, options: OpenStoreOptions = {}): Promise<Store> {
  const access = options.access ?? 'write';
  if (isPostgresUrl(where))
    return openPostgresStore(where, {
      access,
      ...(options.connections === undefined ? {} : { connections: options.connections }),
    });
  return openSqliteStore(where, { access, ...options.busy });
}
