// Change counters on PostgreSQL: a transaction that writes moves its areas' counters only as it
// commits, so another process's writer of the same area is not held for the whole transaction.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres } from './pg-test-db.js';
import { openPostgresStore, type PgStore } from './pg-store.js';

let db: Awaited<ReturnType<typeof freshPostgres>>;
let store: PgStore;
let other: pg.Client;

beforeAll(async () => {
  db = await freshPostgres('conn');
  store = await openPostgresStore(db.url);
  other = new pg.Client({ connectionString: db.url });
  await other.connect();
  // Waiting longer than this for a counter's row means it was locked by the open transaction.
  await other.query("SET lock_timeout = '500ms'");
});

afterAll(async () => {
  await other.end();
  await store.close();
  await db.drop();
});

/** Another session moving `area`'s counter, as another worker's write would. */
const moveElsewhere = (area: string): Promise<unknown> =>
  other.query('UPDATE store_changes SET n = n + 1 WHERE area = $1', [area]);

describe('PostgreSQL change counters', () => {
  it('leave the counter rows free while a transaction writes, and move them as it commits', async () => {
    const before = await store.changes();
    await store.transaction(async (tx) => {
      const scan = await tx.scans.create({
        kind: 'scan',
        startedAt: '2026-01-01T00:00:00Z',
        params: {},
      });
      await tx.sites.add({
        name: 'lab',
        ranges: ['10.9.0.0/16'],
        createdAt: '2026-01-01T00:00:00Z',
      });
      // Both areas were written above and are still free for another session.
      await moveElsewhere('scans');
      await moveElsewhere('sites');
      await tx.scans.finish(scan.id, '2026-01-01T00:01:00Z', {});
    });
    const after = await store.changes();
    expect(after.areas.scans).toBe(before.areas.scans + 2);
    expect(after.areas.sites).toBe(before.areas.sites + 2);
    expect(after.areas.records).toBe(before.areas.records);
  });

  it('move nothing when the transaction rolls back', async () => {
    const before = await store.changes();
    await expect(
      store.transaction(async (tx) => {
        await tx.scans.create({ kind: 'scan', startedAt: '2026-01-01T00:00:00Z', params: {} });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.changes()).toEqual(before);
  });
});
