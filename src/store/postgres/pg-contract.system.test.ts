// The store contract on PostgreSQL (127.0.0.1:5432 as CI's machine runs it, or
// SOUSVEIL_TEST_POSTGRES): a database of its own per case, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeStoreContract } from '../store-contract.js';
import { openPostgresCore } from './pg-store.js';

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

describeStoreContract('PostgreSQL', async () => {
  const name = `sousveil_contract_${randomBytes(6).toString('hex')}`;
  await onAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openPostgresCore(url.toString());
  return {
    scans: store.scans,
    records: store.records,
    map: store.map,
    search: store.search,
    apps: store.apps,
    transaction: (fn) => store.transaction(fn),
    changes: () => store.changes(),
    close: async () => {
      await store.close();
      await onAdmin((c) => c.query(`DROP DATABASE ${name} WITH (FORCE)`));
    },
  };
});
