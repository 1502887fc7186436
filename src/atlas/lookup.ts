// Lookups over an atlas's lists (pure), built once per list and reused while it lives, so code
// that looks a record up per claim or per project stays linear. A list that grew since (records
// pushed while reading files) is indexed again.
import type { Claim } from './schema.js';

interface Cached<V> {
  n: number;
  value: V;
}

const idCache = new WeakMap<readonly unknown[], Cached<Map<string, unknown>>>();
const subjectCache = new WeakMap<readonly Claim[], Cached<Map<string, Claim[]>>>();

/** Records by id; the first of a duplicated id wins, as `find` would. */
export function byId<T extends { id: string }>(list: readonly T[]): ReadonlyMap<string, T> {
  const known = idCache.get(list);
  if (known !== undefined && known.n === list.length) return known.value as Map<string, T>;
  const map = new Map<string, T>();
  for (const r of list) if (!map.has(r.id)) map.set(r.id, r);
  idCache.set(list, { n: list.length, value: map });
  return map;
}

/** Claims by subject (`project:x`, `country:XX`, `world`), each list in atlas order. */
export function claimsBySubject(claims: readonly Claim[]): ReadonlyMap<string, readonly Claim[]> {
  const known = subjectCache.get(claims);
  if (known !== undefined && known.n === claims.length) return known.value;
  const map = new Map<string, Claim[]>();
  for (const c of claims) {
    const list = map.get(c.subject);
    if (list === undefined) map.set(c.subject, [c]);
    else list.push(c);
  }
  subjectCache.set(claims, { n: claims.length, value: map });
  return map;
}
