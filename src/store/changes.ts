// What changed in the store between two looks (pure): each area has a counter its writes move,
// and a generation moves on any commit at all, so a write that moved no counter (another tool,
// an older version) is still seen, as a change to everything.

/** Parts of the store that change independently: scans with their hosts, records, map points, the search index, app and firmware audits, citizen reports, sites and their agents. */
export type StoreArea =
  'scans' | 'records' | 'map' | 'search' | 'apps' | 'firmware' | 'reports' | 'sites';

export const storeAreas: readonly StoreArea[] = [
  'scans',
  'records',
  'map',
  'search',
  'apps',
  'firmware',
  'reports',
  'sites',
];

/** A look at the store: its generation and each area's change counter. */
export interface StoreChanges {
  generation: string;
  areas: Readonly<Record<StoreArea, number>>;
}

/** The areas that changed from `before` to `after`: none, some, or `all` when it cannot tell. */
export function changedAreas(
  before: StoreChanges | undefined,
  after: StoreChanges,
): readonly StoreArea[] | 'all' {
  if (before === undefined) return 'all';
  if (before.generation === after.generation) return [];
  const moved = storeAreas.filter((a) => before.areas[a] !== after.areas[a]);
  return moved.length === 0 ? 'all' : moved;
}
