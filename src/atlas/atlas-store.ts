// Atlas records in the store (pure over the Store interface): one document per record, kind
// `atlas.<collection>`, so any store dialect holds them.
import type { Store, StoredRecord } from '../store/store.js';
import { mergeAtlas } from './import.js';
import { ATLAS_COLLECTIONS, emptyAtlas, type Atlas, type AtlasCollection } from './schema.js';

const kindOf = (c: AtlasCollection): string => `atlas.${c}`;
/** Where the store remembers which data files it was seeded from. */
const META = { kind: 'atlas-meta', id: 'seed' };

function sourcesOf(c: AtlasCollection, r: Record<string, unknown>): string[] {
  if (c === 'sources') return [String(r.id)];
  const s = r.sources as Array<string | { source: string }> | undefined;
  return (s ?? []).map((x) => (typeof x === 'string' ? x : x.source));
}

/** Records of an atlas as store documents. */
export function toStoredRecords(atlas: Atlas): StoredRecord[] {
  const out: StoredRecord[] = [];
  for (const c of ATLAS_COLLECTIONS) {
    for (const r of atlas[c] as Array<Record<string, unknown> & { id: string }>)
      out.push({ kind: kindOf(c), id: r.id, data: r, sources: sourcesOf(c, r) });
  }
  return out;
}

/** Writes (inserts or replaces by id) every record of `atlas`, in one transaction. */
export async function saveAtlas(store: Store, atlas: Atlas): Promise<number> {
  const records = toStoredRecords(atlas);
  await store.transaction(async (tx) => tx.records.put(records));
  return records.length;
}

/** Every atlas record in the store. Records were validated on the way in. */
export async function loadStoredAtlas(store: Store): Promise<Atlas> {
  const atlas = emptyAtlas();
  for (const c of ATLAS_COLLECTIONS) {
    const list = await store.records.list(kindOf(c));
    (atlas[c] as unknown[]) = list.map((r) => r.data);
  }
  return atlas;
}

export async function storedAtlasCount(store: Store): Promise<number> {
  let n = 0;
  for (const c of ATLAS_COLLECTIONS) n += await store.records.count(kindOf(c));
  return n;
}

/**
 * Seeds the store from the shipped data: when it holds no atlas records, or when it was seeded
 * from data files that have changed since (`key`). A store filled only by `atlas import` is
 * left alone. Returns whether it wrote.
 */
export async function seedAtlas(store: Store, atlas: Atlas, key: string): Promise<boolean> {
  if (!(await needsSeed(store, key))) return false;
  await store.transaction(async (tx) => {
    await tx.records.put(toStoredRecords(atlas));
    await tx.records.put([{ ...META, data: { key }, sources: [] }]);
  });
  return true;
}

/** Whether the store holds an atlas seeded from the data files `key` names (or one of its own). */
export async function isSeededWith(store: Store, key: string): Promise<boolean> {
  return !(await needsSeed(store, key));
}

/** Whether the store holds no atlas, or one seeded from data files other than `key`'s. */
async function needsSeed(store: Store, key: string): Promise<boolean> {
  const meta = await store.records.get(META.kind, META.id);
  const count = await storedAtlasCount(store);
  const seededKey = (meta?.data as { key?: string } | undefined)?.key;
  return !(count > 0 && (meta === undefined || seededKey === key));
}

/**
 * The store's atlas, seeded from the shipped data (`atlas`, `key`) where needed. A store opened
 * for reading is not written: the shipped records are laid over the stored ones in memory, as
 * seeding would have done.
 */
export async function seededAtlas(store: Store, atlas: Atlas, key: string): Promise<Atlas> {
  if (!store.readOnly) {
    await seedAtlas(store, atlas, key);
    return loadStoredAtlas(store);
  }
  const stored = await loadStoredAtlas(store);
  return (await needsSeed(store, key)) ? mergeAtlas(stored, atlas) : stored;
}
