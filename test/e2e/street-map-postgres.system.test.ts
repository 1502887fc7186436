// The street map's end-to-end test in chromium (street-map.system.test.ts) with the observatory
// over PostgreSQL (127.0.0.1:5432, or SOUSVEIL_TEST_POSTGRES): a fresh database, dropped after.
import { useTestBackend } from '../../src/server/test-store.js';

useTestBackend('postgres');
await import('./street-map.system.test.js');

const { expect, it } = await import('vitest');
const { openTestStore } = await import('../../src/server/test-store.js');

it('the street map above ran on PostgreSQL', async () => {
  const store = await openTestStore('unused.db');
  expect(store.dialect).toBe('postgres');
  await store.close();
});
