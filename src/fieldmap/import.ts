// Import of OSM elements into a camera store (pure over its ports: elements in, writes out).
// Nodes tagged man_made=surveillance become cameras; ways and areas their centroid, whose node
// positions a second pass over the file collects when the file did not give them. A delete, or an
// element that lost its tag, takes the camera off the map.
import { beforeFirstRowid, maxCameraOsmId, type CameraRecord } from '../store/store.js';
import type { Camera } from './camera.js';
import { toCameraRecord } from './camera-store.js';
import { PlaceIndex, placeOf, type Place } from './locate.js';
import type { MakerResolver } from './maker.js';
import { isSurveillance, normalizeCamera } from './normalize.js';
import {
  centroid,
  ElementIds,
  isValidPosition,
  type LatLon,
  type OsmBatch,
  type OsmElement,
  type OsmWay,
  type ReadHint,
} from './osm-element.js';

/** Where the cameras go: the store behind an interface, so the import stays pure. */
export interface CameraSink {
  /** Inserts or updates cameras (as the store keeps them); a stored newer version is kept. */
  upsert(cameras: readonly CameraRecord[]): Promise<UpsertCounts>;
  /** Removes cameras by id; returns how many there were. */
  remove(ids: readonly string[]): Promise<number>;
  /** Ids of every stored camera (so a full extract can tell an untagged camera). */
  ids(): Promise<Iterable<string>>;
  /** Called once the file is in: derived data (the cluster grid) is brought up to date. */
  finish?(): Promise<void>;
  /** OSM places (city, town, village) kept, and cameras placed in the nearest one. */
  places?: PlaceSink;
}

/** Where places go, and the cameras to place in them. */
export interface PlaceSink {
  save(places: readonly Place[]): Promise<void>;
  all(): Promise<Place[]>;
  /** Cameras whose city is not their own `addr:city`, by rowid, in pages. */
  cameras(
    afterRowid: number,
    limit: number,
  ): Promise<{ rowid: number; lat: number; lon: number; city: string | null }[]>;
  setCities(changes: readonly { rowid: number; city: string | null }[]): Promise<void>;
}

/** Country by position (the adapter builds it from country shapes). */
export interface CountryFinder {
  countryAt(lat: number, lon: number): string | undefined;
}

export interface ImportOptions {
  /** Gives each camera its country; without it cameras have none. */
  countries?: CountryFinder;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A file to import: read once or twice, in batches of elements. */
export interface ElementSource {
  name: string;
  /** Streams the file; with a hint, a reader may leave out untagged elements not in `keep`. */
  read(hint?: ReadHint): AsyncIterable<OsmBatch>;
}

/** A record left out, and why. */
export interface Skipped {
  position: string;
  reason: string;
}

/** What one file's import did. */
export interface ImportReport extends UpsertCounts {
  file: string;
  elements: number;
  cameras: number;
  removed: number;
  skipped: Skipped[];
  /** Skipped records not listed one by one. */
  skippedMore: number;
  /** OSM places (city, town, village) read, for placing cameras in a city or area. */
  places: number;
}

/**
 * Cameras written per transaction: few enough that a batch's records die young in the importing
 * thread's heap (at 20,000 they lived on into the old generation, 150 MB of it at a million
 * cameras), enough that commits stay a small part of the time.
 */
const batchSize = 2000;
/** Cameras placed in cities per page (a page's changes are one write). */
const placePage = 20_000;
const maxSkippedListed = 200;

const idOf = (el: OsmElement): string => `${el.type[0] ?? ''}${el.id}`;

/**
 * Imports one file's elements; a file-level error ends it, but batches written before stay
 * (`onBatch` sees the counts as they grow, so a caller can say what was kept).
 */
export async function importElements(
  source: ElementSource,
  sink: CameraSink,
  makers: MakerResolver,
  onBatch?: (report: Readonly<ImportReport>) => void,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    file: source.name,
    elements: 0,
    cameras: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    skipped: [],
    skippedMore: 0,
    places: 0,
  };
  const where = options.countries;
  const skip = (position: string, reason: string): void => {
    if (report.skipped.length < maxSkippedListed) report.skipped.push({ position, reason });
    else report.skippedMore++;
  };
  const known = new ElementIds(await sink.ids());
  const pending: OsmWay[] = [];
  let cameras: CameraRecord[] = [];
  let removals: string[] = [];
  let places: Place[] = [];
  const flush = async (): Promise<void> => {
    if (cameras.length > 0) add(report, await sink.upsert(cameras));
    if (removals.length > 0) report.removed += await sink.remove(removals);
    if (places.length > 0) await sink.places?.save(places);
    cameras = [];
    removals = [];
    places = [];
  };
  // Untagged elements matter only when they are cameras we hold (a full extract untagged them).
  const hint: ReadHint = {
    keep: known,
    prepare: { asOf: makers.asOf, countries: where !== undefined },
  };
  try {
    await readAll();
  } catch (e) {
    // What was read before the error is kept, and usable: written, then its index and grid
    // brought up to date (each as far as the store allows: the error told is the first one).
    await flush().catch(() => undefined);
    await sink.finish?.().catch(() => undefined);
    throw e;
  }
  await sink.finish?.();
  return report;

  async function readAll(): Promise<void> {
    for await (const batch of source.read(hint)) {
      report.elements += batch.untagged ?? 0;
      for (const camera of batch.cameras ?? []) {
        // Made by the reader (a PBF worker thread) as cameraOf would.
        cameras.push(camera);
        report.elements++;
        report.cameras++;
      }
      for (const el of batch) {
        report.elements++;
        if (el.type === 'problem') {
          skip(el.position, el.reason);
          continue;
        }
        const id = idOf(el);
        if (el.type === 'node' && el.tags.place !== undefined && el.action !== 'delete') {
          const p = placeOf(id, el.tags, el.lat, el.lon);
          if (p !== undefined && isValidPosition(p.lat, p.lon)) {
            places.push(p);
            report.places++;
          }
        }
        if (el.type === 'node' && el.camera !== undefined) {
          // Made by the reader (a PBF worker thread) as cameraOf would.
          cameras.push(el.camera);
          report.cameras++;
          continue;
        }
        if (el.action === 'delete' || !isSurveillance(el.tags)) {
          // An .osc names what changed; a full extract drops an untagged camera we hold.
          if (el.action !== undefined || known.has(id)) removals.push(id);
          continue;
        }
        if (Math.abs(el.id) > maxCameraOsmId) {
          skip(
            `${el.position} (${el.type} ${el.id})`,
            'an id beyond ±2^50, which no OSM element has',
          );
          continue;
        }
        const place = positionOf(el);
        if ('pending' in place) pending.push(place.pending);
        else if ('reason' in place) skip(`${el.position} (${el.type} ${el.id})`, place.reason);
        else {
          cameras.push(toCameraRecord(cameraOf(el, place.at, makers, where)));
          report.cameras++;
        }
      }
      if (cameras.length + removals.length + places.length >= batchSize) await flush();
      onBatch?.(report);
    }
    await flush();
    const place = (c: Camera): void => {
      cameras.push(toCameraRecord(c));
      report.cameras++;
    };
    if (pending.length > 0) await placeWays(source, pending, makers, where, place, skip);
    await flush();
    if (sink.places !== undefined && report.places + report.inserted + report.updated > 0)
      await placeCameras(sink.places);
  }
}

/**
 * Gives every camera without its own `addr:city` the city or area of the nearest OSM place
 * (see PlaceIndex), in pages; only changed cities are written.
 */
async function placeCameras(sink: PlaceSink): Promise<void> {
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

function add(report: ImportReport, c: UpsertCounts): void {
  report.inserted += c.inserted;
  report.updated += c.updated;
  report.unchanged += c.unchanged;
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
function positionOf(el: OsmElement): { at: LatLon } | { pending: OsmWay } | { reason: string } {
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
async function placeWays(
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
