// A PostgreSQL connection as the repositories use it: queries on the pool, or on the client that
// holds the open transaction; writes in a transaction (a savepoint inside one) that also moves
// their area's change counter. Errors become one StoreError naming the database (never its
// password).
//
// The counters move just before COMMIT, in area order, not where each write happens: moving one
// locks its row until the transaction ends, so a counter moved first held every other writer of
// that area (every other `serve` worker's upload) for the whole transaction, parsing and packing
// included. Moved last, the row is held for the commit alone, and the fixed order rules out two
// transactions waiting on each other's counters.
import pg from 'pg';
import { StoreError } from '../../shared/errors.js';
import type { StoreArea } from '../changes.js';

/** What the repositories share. */
export interface PgConn {
  /** Rows of one parameterised statement. */
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs `fn` in a transaction (a savepoint inside one) that moves `area`'s counter. */
  write<T>(area: StoreArea, fn: (c: PgConn) => Promise<T>): Promise<T>;
  /** Runs `fn` on one client in a transaction, everything or nothing. */
  transaction<T>(fn: (c: PgConn) => Promise<T>): Promise<T>;
}

/** A connection string with its password left out, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** A PostgreSQL error as a StoreError naming the database and what went wrong. */
export function pgError(place: string, e: unknown): Error {
  if (e instanceof StoreError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new StoreError(place, `${place}: ${message}`, { cause: e });
}

const bump = 'UPDATE store_changes SET n = n + 1 WHERE area = $1';

/** The areas each open transaction wrote (savepoints share their transaction's set). */
const written = new WeakMap<PgConn, Set<StoreArea>>();

type Exec = (sql: string, params: unknown[]) => Promise<{ rows: object[] }>;

/** A connection over `exec`, its transactions made by `transaction`; writes move counters. */
function conn(
  place: string,
  exec: Exec,
  transaction: <T>(self: PgConn, fn: (c: PgConn) => Promise<T>) => Promise<T>,
): PgConn {
  const self: PgConn = {
    query: async <R extends object>(sql: string, params: readonly unknown[] = []) => {
      try {
        return (await exec(sql, [...params])).rows as R[];
      } catch (e) {
        throw pgError(place, e);
      }
    },
    transaction: (fn) => transaction(self, fn),
    write: async (area, fn) =>
      self.transaction(async (c) => {
        const result = await fn(c);
        written.get(c)?.add(area);
        return result;
      }),
  };
  return self;
}

/** Queries and writes on the pool: each transaction takes a client of its own. */
export function poolConn(pool: pg.Pool, place: string): PgConn {
  return conn(
    place,
    (sql, params) => pool.query(sql, params),
    async (_self, fn) => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw pgError(place, e);
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const inside = clientConn(client, place);
        const areas = new Set<StoreArea>();
        written.set(inside, areas);
        const result = await fn(inside);
        for (const area of [...areas].sort()) await client.query(bump, [area]);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          // The connection is gone: the error that led here is the one to report.
          broken = true;
        }
        throw pgError(place, e);
      } finally {
        client.release(broken);
      }
    },
  );
}

let savepoints = 0;

/** Queries on the client holding a transaction; transactions inside it are savepoints. */
function clientConn(client: pg.PoolClient, place: string): PgConn {
  return conn(
    place,
    (sql, params) => client.query(sql, params),
    async (self, fn) => {
      const name = `sv_${String(++savepoints)}`;
      await self.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(self);
        await self.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (e) {
        await self.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw e;
      }
    },
  );
}
