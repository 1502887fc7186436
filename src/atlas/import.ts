// Deciding what an import may write (pure): incoming records are checked together with what the
// store already holds; by default any problem rejects the whole file, with --skip-invalid the good
// records go in and the rest are listed (records that lean on a rejected one are rejected too).
import { checkAtlas, type AtlasRefs, type CheckOptions } from './check.js';
import type { AtlasProblem } from './parse.js';
import { ATLAS_COLLECTIONS, emptyAtlas, type Atlas } from './schema.js';

export interface ImportPlan {
  /** Records to write; empty when the import is refused. */
  accepted: Atlas;
  /** Problems with incoming records, located by file and row. */
  problems: AtlasProblem[];
  refused: boolean;
}

/** `base` with `incoming`'s records added, replacing any with the same id. */
export function mergeAtlas(base: Atlas, incoming: Atlas): Atlas {
  const out = emptyAtlas();
  for (const c of ATLAS_COLLECTIONS) {
    const replaced = new Set((incoming[c] as Array<{ id: string }>).map((r) => r.id));
    (out[c] as unknown[]) = [
      ...(base[c] as Array<{ id: string }>).filter((r) => !replaced.has(r.id)),
      ...(incoming[c] as unknown[]),
    ];
  }
  return out;
}

export function planImport(
  base: Atlas,
  incoming: Atlas,
  parseProblems: readonly AtlasProblem[],
  refs: AtlasRefs,
  options: CheckOptions & { skipInvalid: boolean },
): ImportPlan {
  const problems = [...parseProblems];
  let accepted = incoming;
  // Checking again after dropping records catches references to what was dropped.
  for (let round = 0; round < 10; round++) {
    const ids = new Set(
      ATLAS_COLLECTIONS.flatMap((c) =>
        (accepted[c] as Array<{ id: string }>).map((r) => `${c}/${r.id}`),
      ),
    );
    const { errors } = checkAtlas(mergeAtlas(base, accepted), refs, options);
    const bad = new Set<string>();
    for (const e of errors) {
      const key = `${e.collection ?? ''}/${e.record}`;
      if (!ids.has(key)) continue; // a problem of a record already in the store
      bad.add(key);
      problems.push(e);
    }
    if (bad.size === 0) break;
    if (!options.skipInvalid) return { accepted: emptyAtlas(), problems, refused: true };
    accepted = without(accepted, bad);
  }
  if (!options.skipInvalid && problems.length > 0)
    return { accepted: emptyAtlas(), problems, refused: true };
  return { accepted, problems, refused: false };
}

function without(atlas: Atlas, keys: ReadonlySet<string>): Atlas {
  const out = emptyAtlas();
  for (const c of ATLAS_COLLECTIONS)
    (out[c] as unknown[]) = (atlas[c] as Array<{ id: string }>).filter(
      (r) => !keys.has(`${c}/${r.id}`),
    );
  return out;
}

/** What an import would do to `base`: records added, records changed (as `collection/id`). */
export interface AtlasDiff {
  added: string[];
  changed: string[];
  unchanged: number;
}

export function diffAtlas(base: Atlas, incoming: Atlas): AtlasDiff {
  const diff: AtlasDiff = { added: [], changed: [], unchanged: 0 };
  for (const c of ATLAS_COLLECTIONS) {
    const before = new Map((base[c] as Array<{ id: string }>).map((r) => [r.id, r]));
    for (const r of incoming[c] as Array<{ id: string }>) {
      const prior = before.get(r.id);
      if (prior === undefined) diff.added.push(`${c}/${r.id}`);
      else if (canonicalJson(prior) !== canonicalJson(r)) diff.changed.push(`${c}/${r.id}`);
      else diff.unchanged++;
    }
  }
  return diff;
}

/** JSON with object keys sorted, so equal records compare equal whatever their key order. */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}
