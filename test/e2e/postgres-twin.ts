// A Chromium test's PostgreSQL twin: the same test file, loaded after the test backend is set to
// PostgreSQL (127.0.0.1:5432, or SOUSVEIL_TEST_POSTGRES) so every store it opens is a fresh
// database dropped after, then one check that it really opened PostgreSQL and nothing else.
import { expect, it } from 'vitest';
import { dialectsUsed, useTestBackend } from '../../src/server/test-store.js';

/** Runs the tests `load` imports over PostgreSQL, and checks that their stores were. */
export async function onPostgres(what: string, load: () => Promise<unknown>): Promise<void> {
  useTestBackend('postgres');
  await load();
  it(`${what} above ran on PostgreSQL only`, () => {
    expect(dialectsUsed().length).toBeGreaterThan(0);
    expect(new Set(dialectsUsed())).toEqual(new Set(['postgres']));
  });
}
