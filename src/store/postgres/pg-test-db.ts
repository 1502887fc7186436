// Databases for tests on PostgreSQL (127.0.0.1:5432 as CI's machine runs it, or
// SOUSVEIL_TEST_POSTGRES): each uniquely named, created empty, dropped by its owner.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const admin = process.env.SOUSVEIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function onAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database named `sousveil_<what>_<random>`: its URL, and how to drop it. */
export async function freshPostgres(
  what: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sousveil_${what}_${randomBytes(6).toString('hex')}`;
  await onAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      onAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
