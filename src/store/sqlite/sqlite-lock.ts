// Waiting for SQLite's write lock without hanging: each attempt waits at most the connection's
// busy_timeout (a synchronous wait, so it is kept short where an event loop is shared), then the
// attempt is retried after an asynchronous pause; after the last one a StoreBusyError says so.
import Database from 'better-sqlite3';
import { StoreBusyError } from '../../shared/errors.js';
import type { StoreArea } from '../changes.js';
import { storeErrorOf, translated, type StoreAccess } from './sqlite-errors.js';

/** What the repositories share: the connection, and how reads and writes wait their turn. */
export interface SqliteConn {
  readonly db: Database.Database;
  /** Runs a read once no transaction of this store is open, so it never lands inside one. */
  read<T>(fn: () => T): Promise<T>;
  /**
   * Runs a write like `read`, in a transaction that holds the write lock, retrying while another
   * connection holds it; `area`'s change counter moves with the write.
   */
  write<T>(area: StoreArea, fn: () => T): Promise<T>;
}

/** Which file a connection is to, and how it was opened: errors name it. */
export interface ConnPlace {
  file: string;
  access: StoreAccess;
}

/** How a connection waits for another one's write lock. */
export interface BusyPolicy {
  /** The `busy_timeout` pragma: how long one attempt blocks the thread waiting, in ms. */
  busyTimeoutMs: number;
  /** Attempts after the first, each after an asynchronous pause, before giving up. */
  retries: number;
}

/** True for SQLite's "database is locked/busy" answers, which a later attempt can get past. */
export function isBusy(e: unknown): boolean {
  return (
    e instanceof Database.SqliteError &&
    (e.code === 'SQLITE_BUSY' || e.code.startsWith('SQLITE_BUSY_') || e.code === 'SQLITE_LOCKED')
  );
}

/** Runs `fn`, retrying on SQLITE_BUSY with growing pauses; then throws StoreBusyError. */
export async function withBusyRetry<T>(fn: () => T, policy: BusyPolicy): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (attempt >= policy.retries)
        throw new StoreBusyError(
          `the database is busy: another process holds its write lock (waited ${attempt + 1} times); try again shortly`,
          { cause: e },
        );
      await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** attempt, 500)));
    }
  }
}

/** `fn` and the move of `area`'s counter, in one transaction (a savepoint inside another). */
function counted<T>(db: Database.Database, area: StoreArea, fn: () => T): () => T {
  const bump = db.prepare('UPDATE store_changes SET n = n + 1 WHERE area = ?');
  const both = db.transaction(() => {
    const result = fn();
    bump.run(area);
    return result;
  });
  return () => both.immediate();
}

/** A connection's reads and writes behind `gate` (a store's open transaction). */
export function gatedConn(
  db: Database.Database,
  gate: () => Promise<void>,
  policy: BusyPolicy,
  place: ConnPlace,
): SqliteConn {
  return {
    db,
    read: async (fn) => {
      await gate();
      return translated(place.file, place.access, fn);
    },
    write: async (area, fn) => {
      await gate();
      try {
        return await withBusyRetry(counted(db, area, fn), policy);
      } catch (e) {
        throw storeErrorOf(place.file, e, place.access);
      }
    },
  };
}

/** The connection as a transaction sees it: the lock is held, so nothing waits. */
export function heldConn(db: Database.Database, place: ConnPlace): SqliteConn {
  return {
    db,
    read: async (fn) => translated(place.file, place.access, fn),
    write: async (area, fn) => translated(place.file, place.access, () => counted(db, area, fn)()),
  };
}
