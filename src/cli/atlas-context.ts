// What atlas commands share: the kb's ids the atlas may refer to, and the store's atlas (seeded
// from data/atlas the first time, or when the shipped data changed since it was seeded).
import { isSeededWith, loadStoredAtlas, seedAtlas, seededAtlas } from '../atlas/atlas-store.js';
import type { AtlasRefs } from '../atlas/check.js';
import { formatAtlasProblem } from '../atlas/parse.js';
import type { Atlas } from '../atlas/schema.js';
import type { Kb } from '../kb/index.js';
import { SousveilError } from '../shared/errors.js';
import type { Store } from '../store/index.js';
import { openStoreForReading } from './store-context.js';

export function atlasRefs(kb: Kb): AtlasRefs {
  return {
    vendors: new Set(kb.vendors.keys()),
    restrictions: new Set(kb.restrictions.map((r) => r.id)),
    kbSources: new Set(kb.sources.keys()),
  };
}

/** The store's atlas, seeding it from the shipped data files where needed. */
export async function storedAtlas(store: Store): Promise<Atlas> {
  const { readAtlasFiles, atlasKey } = await import('../atlas/fs-atlas.js');
  // Parsing the data files takes a second or more: skipped when the store has them already.
  if (await isSeededWith(store, atlasKey(readAtlasFiles()))) return loadStoredAtlas(store);
  const { atlas, key } = await checkedShippedAtlas();
  return seededAtlas(store, atlas, key);
}

/**
 * Seeds the store from the shipped data files where needed, without reading the atlas back:
 * what each `serve` process does at start, so a store seeded before costs no parsing.
 */
export async function seedShippedAtlas(store: Store): Promise<void> {
  const { readAtlasFiles, atlasKey } = await import('../atlas/fs-atlas.js');
  if (await isSeededWith(store, atlasKey(readAtlasFiles()))) return;
  const { atlas, key } = await checkedShippedAtlas();
  await seedAtlas(store, atlas, key);
}

/** The shipped atlas parsed, or the first problems with it as one error. */
async function checkedShippedAtlas(): Promise<{ atlas: Atlas; key: string }> {
  const { loadAtlasDir } = await import('../atlas/fs-atlas.js');
  const { atlas, problems, key } = loadAtlasDir();
  if (problems.length > 0) {
    throw new SousveilError(
      'atlas-invalid',
      `the atlas data has ${problems.length} problem(s); run \`sousveil atlas check\`:\n  ${problems
        .slice(0, 5)
        .map(formatAtlasProblem)
        .join('\n  ')}`,
    );
  }
  return { atlas, key };
}

/** Runs `fn` with the store's atlas (seeded where needed), closing the store after. */
export async function withAtlas<T>(
  db: string | undefined,
  fn: (atlas: Atlas) => Promise<T>,
): Promise<T> {
  const store = await openStoreForReading(db);
  try {
    return await fn(await storedAtlas(store));
  } finally {
    await store.close();
  }
}
