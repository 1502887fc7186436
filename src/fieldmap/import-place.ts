// Where an import's cameras are (pure over its ports): an element's position or why it has none,
// ways placed at the centroid of their nodes in a second pass, each camera made from its element,
// and cameras placed in the city or area of the nearest OSM place.
import { beforeFirstRowid } from '../store/store.js';
import type { Camera } from './camera.js';
import type { CountryFinder, ElementSource, PlaceSink } from './import.js';
import { PlaceIndex } from './locate.js';
import type { MakerResolver } from './maker.js';
import { normalizeCamera } from './normalize.js';
import {
  centroid,
  ElementIds,
  isValidPosition,
  type LatLon,
  type OsmElement,
  type OsmWay,
} from './osm-element.js';

/** Cameras placed in cities per page (a page's changes are one write). */
const placePage = 20_000;

/**
 * Gives every camera without its own `addr:city` the city or area of the nearest OSM place
 * (see PlaceIndex), in pages; only changed cities are written.
 */
export async function placeCameras(sink: PlaceSink): Promise<void> {
  const index = new PlaceIndex(await sink.all());
  if (index.size === 0) return;
  for (let after = beforeFirstRowid; ;) {
    const page = await sink.cameras(after, placePage);
    const last = page.at(-1);
    if (last === undefined) return;
    const changes: { rowid: number; city: string | null }[] = [];
    for (const c of page) {
      const city = index.placeAt(c.lat, c.lon)?.name ?? null;
      if (city !== c.city) changes.push({ rowid: c.rowid, city });
    }
    if (changes.length > 0) await sink.setCities(changes);
    after = last.rowid;
  }
}

/** The camera an element with a valid position becomes (readers that prepare cameras use it). */
export function cameraOf(
  el: OsmElement,
  at: LatLon,
  makers: MakerResolver,
  where: CountryFinder | undefined,
): Camera {
  const camera = normalizeCamera(
    {
      osmType: el.type,
      osmId: el.id,
      lat: round7(at.lat),
      lon: round7(at.lon),
      ...(el.version === undefined || !Number.isFinite(el.version) ? {} : { version: el.version }),
      tags: el.tags,
    },
    makers,
  );
  if (where !== undefined) camera.country = where.countryAt(camera.lat, camera.lon) ?? '';
  return camera;
}

/** OSM's own precision: 7 decimals (about 1 cm). */
function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** An element's position, a way whose nodes come later, or why there is none. */
export function positionOf(
  el: OsmElement,
): { at: LatLon } | { pending: OsmWay } | { reason: string } {
  let at: LatLon | undefined;
  if (el.type === 'node') at = el;
  else if (el.center !== undefined) at = el.center;
  else if (el.type === 'way' && el.geometry !== undefined) at = centroid(el.geometry);
  else if (el.type === 'way')
    return el.refs.length > 0 ? { pending: el } : { reason: 'a way without nodes' };
  else return { reason: 'a relation without a centre (export relations with `out center`)' };
  if (at === undefined || !isValidPosition(at.lat, at.lon))
    return {
      reason: `no valid position (lat ${String(at?.lat)}, lon ${String(at?.lon)}${
        at !== undefined && Math.abs(at.lat) > 90 && Math.abs(at.lon) <= 90
          ? '; lat and lon swapped?'
          : ''
      })`,
    };
  return { at };
}

/** Second pass: the positions of the pending ways' nodes, then each way's centroid. */
export async function placeWays(
  source: ElementSource,
  ways: readonly OsmWay[],
  makers: MakerResolver,
  where: CountryFinder | undefined,
  emit: (c: Camera) => void,
  skip: (position: string, reason: string) => void,
): Promise<void> {
  const wanted = new Map<number, LatLon | undefined>();
  for (const w of ways) for (const r of w.refs) wanted.set(r, undefined);
  const keep = new ElementIds({
    n: Float64Array.from(wanted.keys()).sort(),
    w: new Float64Array(0),
    r: new Float64Array(0),
  });
  for await (const batch of source.read({ keep }))
    for (const el of batch)
      if (el.type === 'node' && wanted.has(el.id) && isValidPosition(el.lat, el.lon))
        wanted.set(el.id, { lat: el.lat, lon: el.lon });
  for (const w of ways) {
    const points = w.refs.map((r) => wanted.get(r));
    const missing = points.filter((p) => p === undefined).length;
    const at = missing === 0 ? centroid(points as LatLon[]) : undefined;
    if (at === undefined)
      skip(
        `${w.position} (way ${w.id})`,
        `${missing} of its ${w.refs.length} nodes are not in the file; position unknown`,
      );
    else emit(cameraOf(w, at, makers, where));
  }
}
