// The observatory's API tests over PostgreSQL (127.0.0.1:5432, or SOUSVEIL_TEST_POSTGRES): the
// same files `npm test` runs over SQLite (scans and atlas, the street map's viewport, citizen
// reports' intake and their moderation, sites and their agents, and `serve` itself with its worker threads), each on a
// fresh database of its own, dropped after.
import { useTestBackend } from './test-store.js';

useTestBackend('postgres');
await import('./api.test.js');
await import('./api-cameras.test.js');
await import('./api-reports.test.js');
await import('./api-moderation.test.js');
await import('./api-sites.test.js');
// `sousveil serve --db postgres://…` from the built package, its upload and app workers too.
await import('./serve.test.js');

const { expect, it } = await import('vitest');
const { openTestStore } = await import('./test-store.js');

it('the files above ran on PostgreSQL', async () => {
  const store = await openTestStore('unused.db');
  expect(store.dialect).toBe('postgres');
  await store.close();
});
