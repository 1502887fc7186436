// Where a camera is, in words (pure): its country by point-in-polygon against country shapes
// (Natural Earth 1:10m from world-atlas, given by the adapter), and its city or area: the
// camera's own `addr:city`, else the nearest OSM place node (place=city, town or village) of the
// imported extracts within that kind's radius (PLACE_RADIUS_M), nearest relative to the radius.

/** How far a place's name reaches from its node: a city's centre to its edge, roughly. */
export const PLACE_RADIUS_M = { city: 15_000, town: 5_000, village: 2_000 } as const;
export type PlaceKind = keyof typeof PLACE_RADIUS_M;

/** Whether a stored kind is one of the place kinds. */
export function isPlaceKind(kind: string): kind is PlaceKind {
  return Object.hasOwn(PLACE_RADIUS_M, kind);
}

/** A named OSM place node. */
export interface Place {
  /** `n123`. */
  id: string;
  name: string;
  kind: PlaceKind;
  lat: number;
  lon: number;
}

/** The place a node names, if it is one the map uses. */
export function placeOf(
  id: string,
  tags: Readonly<Record<string, string>>,
  lat: number,
  lon: number,
): Place | undefined {
  const kind = tags.place;
  const name = tags.name?.trim();
  if (kind !== 'city' && kind !== 'town' && kind !== 'village') return undefined;
  if (name === undefined || name === '' || name.length > 200) return undefined;
  return { id, name, kind, lat, lon };
}

/**
 * A country shape: its name and polygons, each a list of rings (the first outer, then holes) as
 * flat [lon, lat, lon, lat, …] arrays.
 */
export interface CountryShape {
  name: string;
  polygons: Float64Array[][];
}

/** A polygon's part of a cell: whether the cell's centre is inside it. */
interface CellPart {
  index: number;
  centreInside: boolean;
}

/** A settled cell: wholly in one country or none, or the parts of the polygons that cross it. */
type Cell =
  | { inside: string | undefined }
  | { cx: number; cy: number; parts: CellPart[]; edges: Float64Array };

const cellDeg = 0.25;
/** How far off a shape's edge a camera still counts as in that country: about 3 km. */
export const SNAP_DEG = 0.03;
/** Numbers per filed edge: polygon index, x1, y1, x2, y2. */
const STRIDE = 5;

// Rows number at most 720 (a quarter degree of latitude each), so keys stay small integers.
const keyOf = (gx: number, gy: number): number => gx * 1024 + gy;

interface Ring {
  index: number;
  points: Float64Array;
  south: number;
  north: number;
}

/** One row of cells, filed when first asked for. */
interface Row {
  /** The y of every cell's reference point in this row. */
  cy: number;
  /** Each column's edges (polygon index, x1, y1, x2, y2). */
  columns: Map<number, Float64Array>;
  /** Where polygon borders cross the reference line, by x descending. */
  crossX: Float64Array;
  /** After crossing k (and all east of it), the polygons the reference line is in. */
  states: (readonly number[])[];
}

/**
 * Country by position over a grid of quarter-degree cells, each settled once on first use: a cell
 * no border crosses is wholly in one country or none; in a cell a border crosses, a point is
 * inside a polygon when the cell's reference point is, flipped once per polygon edge between the
 * two. A row of cells is filed on first use: its edges by column, and where the borders cross the
 * row's reference line, swept from the east once, so each reference point is a binary search.
 */
export class CountryLocator {
  readonly #names: string[] = [];
  readonly #rings: Ring[] = [];
  readonly #rows = new Map<number, Row>();
  readonly #cells = new Map<number, Cell>();

  constructor(shapes: readonly CountryShape[]) {
    for (const s of shapes)
      for (const p of s.polygons) {
        const index = this.#names.length;
        this.#names.push(s.name);
        for (const ring of p) {
          const points = unwrapRing(ring);
          let south = Infinity;
          let north = -Infinity;
          for (let i = 1; i < points.length; i += 2) {
            south = Math.min(south, points[i] ?? 0);
            north = Math.max(north, points[i] ?? 0);
          }
          this.#rings.push({ index, points, south, north });
        }
      }
  }

  /** The country at a position, or undefined at sea or outside every shape. */
  countryAt(lat: number, lon: number): string | undefined {
    const found = this.#at(lat, lon);
    // Shapes across the antimeridian are unwrapped east of 180°.
    return found ?? (lon < 0 ? this.#at(lat, lon + 360) : undefined);
  }

  #at(lat: number, lon: number): string | undefined {
    const gx = Math.floor((lon + 180) / cellDeg);
    const gy = Math.floor((lat + 90) / cellDeg);
    const key = keyOf(gx, gy);
    let cell = this.#cells.get(key);
    if (cell === undefined) {
      cell = this.#settle(gx, gy);
      this.#cells.set(key, cell);
    }
    if ('inside' in cell) return cell.inside;
    for (const part of cell.parts)
      if (
        part.centreInside !==
        (crossings(cell.edges, part.index, cell.cx, cell.cy, lon, lat) % 2 === 1)
      )
        return this.#names[part.index];
    // Just off a coast (a pier, a harbour the shapes draw as water): the nearest shape's edge
    // in this cell, when it is within SNAP_DEG.
    const nearest = nearestEdge(cell.edges, lon, lat);
    return nearest.distance <= SNAP_DEG ? this.#names[nearest.index] : undefined;
  }

  #settle(gx: number, gy: number): Cell {
    const row = this.#row(gy);
    // The reference point is near the centre but off round fractions, where shapes' vertices and
    // straight borders along round numbers would put it exactly on an edge.
    const cx = gx * cellDeg - 180 + cellDeg * 0.4837;
    const inside = stateAt(row, cx);
    const edges = row.columns.get(gx);
    if (edges === undefined) {
      const first = inside[0];
      return { inside: first === undefined ? undefined : this.#names[first] };
    }
    const indexes = new Set<number>(inside);
    for (let i = 0; i < edges.length; i += STRIDE) indexes.add(edges[i] ?? 0);
    // A polygon covering the whole cell has no edges in it: inside wherever the centre is.
    const parts = [...indexes].map((index) => ({ index, centreInside: inside.includes(index) }));
    return { cx, cy: row.cy, parts, edges };
  }

  #row(gy: number): Row {
    const known = this.#rows.get(gy);
    if (known !== undefined) return known;
    const south = gy * cellDeg - 90;
    const north = south + cellDeg;
    const cy = south + cellDeg * 0.5173;
    const columns = new Map<number, number[]>();
    const crossing: { x: number; index: number }[] = [];
    for (const ring of this.#rings) {
      if (ring.south > north || ring.north < south) continue;
      const r = ring.points;
      for (let i = 0; i + 3 < r.length; i += 2) {
        const x1 = r[i] ?? 0;
        const y1 = r[i + 1] ?? 0;
        const x2 = r[i + 2] ?? 0;
        const y2 = r[i + 3] ?? 0;
        if (Math.max(y1, y2) < south || Math.min(y1, y2) > north) continue;
        const gx0 = Math.floor((Math.min(x1, x2) + 180) / cellDeg);
        const gx1 = Math.floor((Math.max(x1, x2) + 180) / cellDeg);
        for (let gx = gx0; gx <= gx1; gx++) {
          let list = columns.get(gx);
          if (list === undefined) columns.set(gx, (list = []));
          list.push(ring.index, x1, y1, x2, y2);
        }
        if (y1 > cy !== y2 > cy)
          crossing.push({ x: x1 + ((cy - y1) * (x2 - x1)) / (y2 - y1), index: ring.index });
      }
    }
    crossing.sort((a, b) => b.x - a.x);
    const states: (readonly number[])[] = [];
    let open: number[] = [];
    for (const c of crossing) {
      open = open.includes(c.index) ? open.filter((i) => i !== c.index) : [...open, c.index];
      states.push(open);
    }
    const row: Row = {
      cy,
      columns: new Map([...columns].map(([gx, list]) => [gx, Float64Array.from(list)])),
      crossX: Float64Array.from(crossing, (c) => c.x),
      states,
    };
    this.#rows.set(gy, row);
    return row;
  }
}

/** The polygons holding (cx, row.cy): the state after every crossing at or east of cx. */
function stateAt(row: Row, cx: number): readonly number[] {
  // crossX descends: find how many crossings lie at x >= cx.
  let lo = 0;
  let hi = row.crossX.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((row.crossX[mid] ?? 0) >= cx) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? [] : (row.states[lo - 1] ?? []);
}

/** A ring that jumps across the antimeridian, with its western longitudes moved past 180°. */
function unwrapRing(ring: Float64Array): Float64Array {
  let crosses = false;
  for (let i = 2; i < ring.length && !crosses; i += 2)
    crosses = Math.abs((ring[i] ?? 0) - (ring[i - 2] ?? 0)) > 180;
  if (!crosses) return ring;
  const out = Float64Array.from(ring);
  for (let i = 0; i < out.length; i += 2) if ((out[i] ?? 0) < 0) out[i] = (out[i] ?? 0) + 360;
  return out;
}

interface Topology {
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: number[][][];
  objects: Record<
    string,
    { geometries: { type: string; arcs?: unknown; properties?: { name?: string } }[] }
  >;
}

/**
 * Country shapes straight from a TopoJSON topology (world-atlas): each arc decoded once into a
 * flat array, rings joined from their arcs (a negative index is an arc reversed), with no
 * GeoJSON objects per point in between.
 */
export function topologyShapes(topology: Topology, object = 'countries'): CountryShape[] {
  const [sx, sy] = topology.transform?.scale ?? [1, 1];
  const [tx, ty] = topology.transform?.translate ?? [0, 0];
  const arcs = topology.arcs.map((arc) => {
    const out = new Float64Array(arc.length * 2);
    let x = 0;
    let y = 0;
    arc.forEach(([dx = 0, dy = 0], i) => {
      x = topology.transform === undefined ? dx : x + dx;
      y = topology.transform === undefined ? dy : y + dy;
      out[i * 2] = x * sx + tx;
      out[i * 2 + 1] = y * sy + ty;
    });
    return out;
  });
  const ringOf = (indexes: readonly number[]): Float64Array => {
    const points: number[] = [];
    for (const i of indexes) {
      const arc = arcs[i < 0 ? ~i : i] ?? new Float64Array(0);
      const n = arc.length / 2;
      for (let k = points.length === 0 ? 0 : 1; k < n; k++) {
        const at = i < 0 ? n - 1 - k : k;
        points.push(arc[at * 2] ?? 0, arc[at * 2 + 1] ?? 0);
      }
    }
    return Float64Array.from(points);
  };
  const shapes: CountryShape[] = [];
  for (const g of topology.objects[object]?.geometries ?? []) {
    const polygons =
      g.type === 'Polygon'
        ? [g.arcs as number[][]]
        : g.type === 'MultiPolygon'
          ? (g.arcs as number[][][])
          : [];
    const name = g.properties?.name;
    if (name !== undefined && polygons.length > 0)
      shapes.push({ name, polygons: polygons.map((rings) => rings.map(ringOf)) });
  }
  return shapes;
}

/** How many edges of polygon `index` the segment from (ax, ay) to (bx, by) crosses. */
function crossings(
  edges: Float64Array,
  index: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  let n = 0;
  for (let i = 0; i < edges.length; i += STRIDE) {
    if (edges[i] !== index) continue;
    const cx = edges[i + 1] ?? 0;
    const cy = edges[i + 2] ?? 0;
    const dx = edges[i + 3] ?? 0;
    const dy = edges[i + 4] ?? 0;
    if (orient(ax, ay, bx, by, cx, cy) > 0 === orient(ax, ay, bx, by, dx, dy) > 0) continue;
    if (orient(cx, cy, dx, dy, ax, ay) > 0 !== orient(cx, cy, dx, dy, bx, by) > 0) n++;
  }
  return n;
}

/** The polygon whose edge is nearest to a point, and how far (degrees). */
function nearestEdge(
  edges: Float64Array,
  px: number,
  py: number,
): { index: number; distance: number } {
  let best = { index: -1, distance: Infinity };
  for (let i = 0; i < edges.length; i += STRIDE) {
    const ax = edges[i + 1] ?? 0;
    const ay = edges[i + 2] ?? 0;
    const dx = (edges[i + 3] ?? 0) - ax;
    const dy = (edges[i + 4] ?? 0) - ay;
    const len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
    const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
    if (d < best.distance) best = { index: edges[i] ?? 0, distance: d };
  }
  return best;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

const earthM = 6_371_000;
const placeCellDeg = 0.2;

/** Places by position: the nearest relative to its kind's radius wins. */
export class PlaceIndex {
  readonly #cells = new Map<number, Place[]>();
  readonly size: number;

  constructor(places: Iterable<Place>) {
    let n = 0;
    for (const p of places) {
      const key = placeKey(
        Math.floor((p.lon + 180) / placeCellDeg),
        Math.floor((p.lat + 90) / placeCellDeg),
      );
      const list = this.#cells.get(key);
      if (list === undefined) this.#cells.set(key, [p]);
      else list.push(p);
      n++;
    }
    this.size = n;
  }

  /** The place whose radius covers the position most closely, if any. */
  placeAt(lat: number, lon: number): Place | undefined {
    // 15 km is under 0.14° of latitude; longitude cells shrink towards the poles, so look wider.
    const reachX = Math.min(
      180,
      Math.ceil(0.14 / Math.max(0.05, Math.cos((lat * Math.PI) / 180)) / placeCellDeg),
    );
    const gx = Math.floor((lon + 180) / placeCellDeg);
    const gy = Math.floor((lat + 90) / placeCellDeg);
    let best: Place | undefined;
    let bestRatio = 1;
    for (let dx = -reachX; dx <= reachX; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const p of this.#cells.get(placeKey(gx + dx, gy + dy)) ?? []) {
          const ratio = distanceM(lat, lon, p.lat, p.lon) / PLACE_RADIUS_M[p.kind];
          if (ratio <= bestRatio) {
            best = p;
            bestRatio = ratio;
          }
        }
    return best;
  }
}

function placeKey(gx: number, gy: number): number {
  return gx * 10_000 + gy;
}

/** Great-circle distance (haversine). */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * earthM * Math.asin(Math.min(1, Math.sqrt(a)));
}
