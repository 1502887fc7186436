// Likely duplicates in the atlas (pure), for `atlas check`'s warnings: sources read at the same
// address, projects or organisations of the same folded name, claims saying the same from the same
// sources, and places of one name less than a kilometre apart.
import { foldName } from '../shared/text.js';
import type { AtlasProblem } from './parse.js';
import type { Atlas, AtlasCollection } from './schema.js';

const normal = foldName;

/** Distance in metres between two points (haversine). */
function metres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = (d: number): number => (d * Math.PI) / 180;
  const a =
    Math.sin(r(lat2 - lat1) / 2) ** 2 +
    Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

export function likelyDuplicates(
  atlas: Atlas,
  at: (
    c: AtlasCollection,
    id: string,
  ) => { file: string; record: string; collection: AtlasCollection },
): AtlasProblem[] {
  const out: AtlasProblem[] = [];
  const group = <T extends { id: string }>(
    c: AtlasCollection,
    list: readonly T[],
    key: (r: T) => string | undefined,
    what: string,
  ): void => {
    const first = new Map<string, string>();
    for (const r of list) {
      const k = key(r);
      if (k === undefined) continue;
      const prior = first.get(k);
      if (prior === undefined) first.set(k, r.id);
      else out.push({ ...at(c, r.id), message: `likely duplicate of ${prior} (${what})` });
    }
  };
  group(
    'sources',
    atlas.sources,
    // The same place read: two copies of one canonical page are kept apart for their passages.
    (s) => (s.readAt ?? s.url)?.replace(/\/+$/, '').replace(/^http:/, 'https:'),
    'same url',
  );
  group(
    'projects',
    atlas.projects,
    (p) => `${p.country}|${normal(p.name)}`,
    'same name and country',
  );
  group('organisations', atlas.organisations, (o) => normal(o.name), 'same name');
  group(
    'claims',
    atlas.claims,
    (c) =>
      [c.subject, c.property, JSON.stringify(c.value), c.unit ?? '', c.asOf ?? '', c.object ?? '']
        .concat(c.sources.map((s) => s.source).sort())
        .join('|'),
    'same subject, property, value, date and sources',
  );
  for (const [i, j] of nearPlaces(atlas.places)) {
    const p = atlas.places[i];
    const q = atlas.places[j];
    if (p !== undefined && q !== undefined)
      out.push({
        ...at('places', p.id),
        message: `likely duplicate of ${q.id} (same name or within 1 km)`,
      });
  }
  return out;
}

/** Grid cells of 0.01 degrees (about 1.1 km of latitude), so near places share or touch a cell. */
const CELL_DEG = 0.01;
const LON_CELLS = Math.round(360 / CELL_DEG);

/**
 * For each place, the first earlier place of the same country and kind with the same name or
 * within 1 km, as pairs [later, earlier]. Names by hash, distances over neighbouring grid cells
 * only: linear for spread-out places, where comparing every pair would be quadratic.
 */
function nearPlaces(places: Atlas['places']): Array<[number, number]> {
  const named = new Map<string, number>();
  const cells = new Map<string, number[]>();
  const pairs: Array<[number, number]> = [];
  places.forEach((p, i) => {
    const group = `${p.country}|${p.kind}`;
    let first = named.get(`${group}|${normal(p.name)}`);
    const row = Math.floor(p.lat / CELL_DEG);
    const col = Math.floor(p.lon / CELL_DEG);
    // Longitude degrees shrink towards the poles: look as many columns out as 1 km spans there.
    const cos = Math.cos((Math.min(90, Math.abs(p.lat) + 2 * CELL_DEG) * Math.PI) / 180);
    const reach = Math.min(
      LON_CELLS / 2,
      Math.ceil(1000 / (111_000 * Math.max(cos, 1e-9)) / CELL_DEG) + 1,
    );
    for (let r = row - 1; r <= row + 1; r++)
      for (let c = col - reach; c <= col + reach; c++)
        for (const j of cells.get(`${group}|${r}|${((c % LON_CELLS) + LON_CELLS) % LON_CELLS}`) ??
          []) {
          const q = places[j];
          if (
            q !== undefined &&
            (first === undefined || j < first) &&
            metres(p.lat, p.lon, q.lat, q.lon) < 1000
          )
            first = j;
        }
    if (first !== undefined) pairs.push([i, first]);
    if (!named.has(`${group}|${normal(p.name)}`)) named.set(`${group}|${normal(p.name)}`, i);
    const key = `${group}|${row}|${((col % LON_CELLS) + LON_CELLS) % LON_CELLS}`;
    const list = cells.get(key);
    if (list === undefined) cells.set(key, [i]);
    else list.push(i);
  });
  return pairs;
}
