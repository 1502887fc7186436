// Import of OSM elements into a camera store (pure over its ports: elements in, writes out).
// Nodes tagged man_made=surveillance become cameras; ways and areas their centroid, whose node
// positions a second pass over the file collects when the file did not give them. A delete, or an
// element that lost its tag, takes the camera off the map.
import type { Camera } from './camera.js';
import type { MakerResolver } from './maker.js';
import { isSurveillance, normalizeCamera } from './normalize.js';
import {
  centroid,
  isValidPosition,
  type LatLon,
  type OsmElement,
  type OsmItem,
  type OsmWay,
} from './osm-element.js';

/** Where the cameras go: the store behind an interface, so the import stays pure. */
export interface CameraSink {
  /** Inserts or updates cameras; a stored newer version is kept. */
  upsert(cameras: readonly Camera[]): Promise<UpsertCounts>;
  /** Removes cameras by id; returns how many there were. */
  remove(ids: readonly string[]): Promise<number>;
  /** Ids of every stored camera (so a full extract can tell an untagged camera). */
  ids(): Promise<Iterable<string>>;
  /** Called once the file is in: derived data (the cluster grid) is brought up to date. */
  finish?(): Promise<void>;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A file to import: read once or twice, in batches of elements. */
export interface ElementSource {
  name: string;
  read(): AsyncIterable<readonly OsmItem[]>;
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
}

/** Cameras written per transaction: each commit waits for the disk, so not too few. */
const batchSize = 20_000;
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
  };
  const skip = (position: string, reason: string): void => {
    if (report.skipped.length < maxSkippedListed) report.skipped.push({ position, reason });
    else report.skippedMore++;
  };
  const known = new Set(await sink.ids());
  const pending: OsmWay[] = [];
  let cameras: Camera[] = [];
  let removals: string[] = [];
  const flush = async (): Promise<void> => {
    if (cameras.length > 0) add(report, await sink.upsert(cameras));
    if (removals.length > 0) report.removed += await sink.remove(removals);
    cameras = [];
    removals = [];
  };
  for await (const batch of source.read()) {
    for (const el of batch) {
      report.elements++;
      if (el.type === 'problem') {
        skip(el.position, el.reason);
        continue;
      }
      const id = idOf(el);
      if (el.action === 'delete' || !isSurveillance(el.tags)) {
        // An .osc names what changed; a full extract drops an untagged camera we hold.
        if (el.action !== undefined || known.has(id)) removals.push(id);
        continue;
      }
      const place = positionOf(el);
      if ('pending' in place) pending.push(place.pending);
      else if ('reason' in place) skip(`${el.position} (${el.type} ${el.id})`, place.reason);
      else {
        cameras.push(cameraOf(el, place.at, makers));
        report.cameras++;
      }
    }
    if (cameras.length + removals.length >= batchSize) await flush();
    onBatch?.(report);
  }
  await flush();
  const place = (c: Camera): void => {
    cameras.push(c);
    report.cameras++;
  };
  if (pending.length > 0) await placeWays(source, pending, makers, place, skip);
  await flush();
  await sink.finish?.();
  return report;
}

function add(report: ImportReport, c: UpsertCounts): void {
  report.inserted += c.inserted;
  report.updated += c.updated;
  report.unchanged += c.unchanged;
}

function cameraOf(el: OsmElement, at: LatLon, makers: MakerResolver): Camera {
  return normalizeCamera(
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
  emit: (c: Camera) => void,
  skip: (position: string, reason: string) => void,
): Promise<void> {
  const wanted = new Map<number, LatLon | undefined>();
  for (const w of ways) for (const r of w.refs) wanted.set(r, undefined);
  for await (const batch of source.read())
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
    else emit(cameraOf(w, at, makers));
  }
}
