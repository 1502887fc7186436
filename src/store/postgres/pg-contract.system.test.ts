// The store contract on PostgreSQL (127.0.0.1:5432 as CI's machine runs it, or
// SOUSVEIL_TEST_POSTGRES): a database of its own per case, dropped afterwards. It runs twice:
// with the cameras on PostGIS's spatial index (PostGIS must be installed: .ci/run installs it),
// and on the GiST box index a server without PostGIS gets.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '../store-contract.js';
import { freshPostgres } from './pg-test-db.js';
import { openPostgresStore, type PgStore } from './pg-store.js';

async function open(index: 'postgis' | 'box'): Promise<PgStore> {
  const db = await freshPostgres('contract');
  let store: PgStore | undefined;
  try {
    if (index === 'box') {
      const first = await openPostgresStore(db.url);
      try {
        await first.connection.query(
          `DROP INDEX IF EXISTS cameras_geo;
           CREATE INDEX IF NOT EXISTS cameras_box ON cameras USING gist (box(point(lon, lat), point(lon, lat)))`,
        );
      } finally {
        await first.close();
      }
    }
    store = await openPostgresStore(db.url);
    if (store.cameraIndex !== index)
      throw new Error(
        `the cameras have the ${store.cameraIndex} index, not ${index}: is PostGIS installed?`,
      );
  } catch (e) {
    // A case that cannot start leaves no database behind (without PostGIS, every case failed here
    // and each left its own).
    await store?.close().catch(() => undefined);
    await db.drop();
    throw e;
  }
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      await close();
      await db.drop();
    },
  });
}

describeStoreContract('PostgreSQL with PostGIS', () => open('postgis'));
describeStoreContract('PostgreSQL without PostGIS', () => open('box'));

describe('PostgreSQL change counters', () => {
  it("other databases' commits move nothing; calls at once share reads that follow every write before them", async () => {
    const store = await open('postgis');
    const other = await freshPostgres('other');
    try {
      const before = await store.changes();
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      await client.query('CREATE TABLE t (n int); INSERT INTO t VALUES (1)');
      await client.end();
      expect(await store.changes()).toEqual(before);
      const pending = store.changes();
      await store.records.put([{ kind: 'k', id: '1', data: 1, sources: [] }]);
      const all = await Promise.all(Array.from({ length: 50 }, () => store.changes()));
      expect(new Set(all.map((c) => c.generation)).size).toBe(1);
      expect(all[0]?.areas.records).toBe(before.areas.records + 1);
      expect((await pending).areas.records).toBeGreaterThanOrEqual(before.areas.records);
    } finally {
      await store.close();
      await other.drop();
    }
  });
});
