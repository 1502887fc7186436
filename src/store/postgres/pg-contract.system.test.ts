// The store contract on PostgreSQL (127.0.0.1:5432 as CI's machine runs it, or
// SOUSVEIL_TEST_POSTGRES): a database of its own per case, dropped afterwards. It runs twice:
// with the cameras on PostGIS's spatial index (PostGIS must be installed: .ci/run installs it),
// and on the GiST box index a server without PostGIS gets.
import { describeStoreContract } from '../store-contract.js';
import { freshPostgres } from './pg-test-db.js';
import { openPostgresStore, type PgStore } from './pg-store.js';

async function open(index: 'postgis' | 'box'): Promise<PgStore> {
  const db = await freshPostgres('contract');
  if (index === 'box') {
    const first = await openPostgresStore(db.url);
    await first.connection.query(
      `DROP INDEX IF EXISTS cameras_geo;
       CREATE INDEX cameras_box ON cameras USING gist (box(point(lon, lat), point(lon, lat)))`,
    );
    await first.close();
  }
  const store = await openPostgresStore(db.url);
  if (store.cameraIndex !== index)
    throw new Error(
      `the cameras have the ${store.cameraIndex} index, not ${index}: is PostGIS installed?`,
    );
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
