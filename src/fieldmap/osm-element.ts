// What every OSM reader (XML, change files, Overpass JSON, GeoJSON, PBF) yields: elements with
// their tags and, for ways, node references or a geometry. Who edited them is never read.
import type { CameraRecord } from '../store/store.js';

/** The change an `.osc` file makes; full extracts have none. */
export type OsmAction = 'create' | 'modify' | 'delete';

export interface LatLon {
  lat: number;
  lon: number;
}

interface ElementBase {
  id: number;
  version?: number;
  tags: Record<string, string>;
  action?: OsmAction;
  /** Where the element is in its file (`line 12`, `elements[3]`), for messages. */
  position: string;
}

export interface OsmNode extends ElementBase {
  type: 'node';
  /** NaN when the input had no readable coordinate (a deleted node has none). */
  lat: number;
  lon: number;
  /**
   * The camera this node is, as the store keeps it, when the reader already made it as the import
   * would (`ReadHint.prepare`); such a node's tags may then be left out.
   */
  camera?: CameraRecord;
}

export interface OsmWay extends ElementBase {
  type: 'way';
  refs: number[];
  /** A centre the input gives (Overpass `out center`). */
  center?: LatLon;
  /** Node positions the input gives (Overpass `out geom`, GeoJSON). */
  geometry?: LatLon[];
}

export interface OsmRelation extends ElementBase {
  type: 'relation';
  center?: LatLon;
}

export type OsmElement = OsmNode | OsmWay | OsmRelation;

/** A record a reader could not turn into an element; the import skips it and says why. */
export interface ReadProblem {
  type: 'problem';
  position: string;
  reason: string;
}

/** What readers yield: elements, and records they could not read. */
export type OsmItem = OsmElement | ReadProblem;

/** Byte and size limits of the readers: a hostile file can neither exhaust memory nor hang them. */
export interface ReaderLimits {
  /** Largest single element (XML tag or JSON array item), in characters. */
  maxElementChars: number;
  /** Most tags on one element. */
  maxTags: number;
  /** Most node references (or geometry points) on one way. */
  maxRefs: number;
}

export const defaultReaderLimits: ReaderLimits = {
  maxElementChars: 1 << 20,
  maxTags: 5000,
  maxRefs: 100_000,
};

/** Whether a coordinate pair is a real position on the globe. */
export function isValidPosition(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    lat >= -90 &&
    lat <= 90 &&
    lon >= -180 &&
    lon <= 180
  );
}

/**
 * The centre of a way: the area centroid of a closed ring that encloses an area, else the mean of
 * its distinct points. Degrees are treated as planar, which is close enough for a building or a
 * street segment.
 */
export function centroid(points: readonly LatLon[]): LatLon | undefined {
  if (points.length === 0) return undefined;
  const first = points[0];
  const last = points[points.length - 1];
  const closed =
    points.length >= 4 &&
    first !== undefined &&
    last !== undefined &&
    first.lat === last.lat &&
    first.lon === last.lon;
  if (closed) {
    // Relative to the first point: absolute degrees lose the small area to rounding.
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const p = points[i] as LatLon;
      const q = points[i + 1] as LatLon;
      const [px, py, qx, qy] = [
        p.lon - first.lon,
        p.lat - first.lat,
        q.lon - first.lon,
        q.lat - first.lat,
      ];
      const cross = px * qy - qx * py;
      a += cross;
      cx += (px + qx) * cross;
      cy += (py + qy) * cross;
    }
    if (Math.abs(a) > 1e-18)
      return { lat: first.lat + cy / (3 * a), lon: first.lon + cx / (3 * a) };
  }
  const distinct = closed ? points.slice(0, -1) : points;
  let lat = 0;
  let lon = 0;
  for (const p of distinct) {
    lat += p.lat;
    lon += p.lon;
  }
  return { lat: lat / distinct.length, lon: lon / distinct.length };
}

/**
 * A batch of what a reader read. A reader told what it may leave out (`ReadHint`) counts the
 * untagged elements it dropped in `untagged`, so the import still counts every element.
 */
export type OsmBatch = readonly OsmItem[] & {
  untagged?: number;
  /** Camera nodes a reader made itself (`ReadHint.prepare`), each an element not in the array. */
  cameras?: readonly CameraRecord[];
};

/** Ids as sorted numbers by element type (`n`, `w`, `r`): compact to send and search. */
export type IdLists = Record<'n' | 'w' | 'r', Float64Array<ArrayBuffer>>;

/**
 * A set of element ids (`n123`, `w45`, `r9`) in sorted typed arrays: a million cameras' ids take
 * 8 MB rather than a set of strings many times that, and cross to a worker as three buffers.
 */
export class ElementIds {
  readonly lists: IdLists;

  constructor(ids: Iterable<string> | IdLists) {
    if (Symbol.iterator in ids) {
      const lists: Record<'n' | 'w' | 'r', number[]> = { n: [], w: [], r: [] };
      for (const id of ids) {
        const t = id[0];
        if (t === 'n' || t === 'w' || t === 'r') lists[t].push(Number(id.slice(1)));
      }
      const sorted = (xs: number[]): Float64Array<ArrayBuffer> => Float64Array.from(xs).sort();
      this.lists = { n: sorted(lists.n), w: sorted(lists.w), r: sorted(lists.r) };
    } else this.lists = ids;
  }

  get size(): number {
    return this.lists.n.length + this.lists.w.length + this.lists.r.length;
  }

  /** Whether `id` (`n123`) is in the set. */
  has(id: string): boolean {
    return this.hasElement(id[0] ?? '', Number(id.slice(1)));
  }

  /** Whether element `id` of `type` (`node` or `n`, …) is in the set (binary search). */
  hasElement(type: string, id: number): boolean {
    const t = type[0];
    if (t !== 'n' && t !== 'w' && t !== 'r') return false;
    const xs = this.lists[t];
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const x = xs[mid] ?? 0;
      if (x === id) return true;
      if (x < id) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}

/** What a reader may leave out: untagged elements, unless their id (`n123`, `w45`) is in `keep`. */
export interface ReadHint {
  keep: ElementIds;
  /**
   * A reader with a spare thread may make camera nodes' cameras itself (`OsmNode.camera`), as the
   * import would: makers as of `asOf`, countries from the Natural Earth shapes when `countries`.
   */
  prepare?: { asOf: string; countries: boolean };
}
