// Street cameras as every SQL backend stores them (pure): the row turned back into a record, the
// cell sizes of the precomputed cluster grid, and cells folded into clusters. Booleans are 0/1 in
// SQLite and true/false in PostgreSQL.
import { UserError } from '../shared/errors.js';
import {
  maxCameraOsmId,
  type CameraCluster,
  type CameraGroup,
  type CameraRecord,
} from './store.js';

/**
 * A camera id as the import writes it, split: its OSM element's type (0 node, 1 way, 2 relation)
 * and id; undefined unless it is `n`, `w` or `r` and a whole number within ±maxCameraOsmId in its
 * shortest form (SQLite keys the camera by them).
 */
export function cameraIdParts(id: string): { type: number; osmId: number } | undefined {
  const type = 'nwr'.indexOf(id.charAt(0));
  const digits = id.slice(1);
  const osmId = Number(digits);
  if (
    type < 0 ||
    !Number.isSafeInteger(osmId) ||
    Math.abs(osmId) > maxCameraOsmId ||
    String(osmId) !== digits
  )
    return undefined;
  return { type, osmId };
}

/** The error for a camera id that is no OSM element (see cameraIdParts). */
export function badCameraId(id: string): UserError {
  return new UserError(
    `a street camera's id "${id.slice(0, 64)}" is not an OSM element (n, w or r and a whole number within ±2^50)`,
  );
}

/** The JSON a camera's data is stored as: made by its reader already, or made here. */
export function dataJsonOf(cam: CameraRecord): string {
  return cam.dataJson ?? JSON.stringify(cam.data);
}

/** Throws badCameraId for the first camera whose id is no OSM element. */
export function checkCameraIds(cameras: readonly CameraRecord[]): void {
  for (const { id } of cameras) if (cameraIdParts(id) === undefined) throw badCameraId(id);
}

export interface CameraRow {
  rowid: number;
  id: string;
  lat: number;
  lon: number;
  version: number | null;
  maker: string | null;
  covered: number | boolean;
  type: string;
  operator_type: string | null;
  country: string | null;
  city: string | null;
  city_from_tag: number | boolean;
  data_json: string;
}

/** The columns a camera is read from (the table is `c`). */
export const cameraColumns =
  'c.rowid, c.id, c.lat, c.lon, c.version, c.maker, c.covered, c.type, c.operator_type, c.country, c.city, c.city_from_tag, c.data_json';

/** A camera row as its record. */
export function cameraOf(r: CameraRow): CameraRecord {
  return {
    id: r.id,
    lat: r.lat,
    lon: r.lon,
    ...(r.version === null ? {} : { version: r.version }),
    ...(r.maker === null ? {} : { maker: r.maker }),
    covered: r.covered === 1 || r.covered === true,
    type: r.type,
    ...(r.operator_type === null ? {} : { operatorType: r.operator_type }),
    ...(r.country === null ? {} : { country: r.country }),
    ...(r.city === null
      ? {}
      : { city: r.city, cityFromTag: r.city_from_tag === 1 || r.city_from_tag === true }),
    data: JSON.parse(r.data_json) as unknown,
  };
}

/** What decides whether a camera is written again: its data and the columns it is stored without. */
export interface StoredCameraState {
  lat: number;
  lon: number;
  version: number | null;
  country: string | null;
  data_json: string;
}

/** The camera as stored, unchanged: a re-import of the same extract writes nothing. */
export function sameCamera(old: StoredCameraState, cam: CameraRecord, json: string): boolean {
  return (
    old.data_json === json &&
    old.lat === cam.lat &&
    old.lon === cam.lon &&
    old.version === (cam.version ?? null) &&
    old.country === (cam.country ?? null)
  );
}

/** The stored camera is a newer version of it: an older extract never replaces it. */
export function storedIsNewer(old: StoredCameraState, cam: CameraRecord): boolean {
  return old.version !== null && cam.version !== undefined && old.version > cam.version;
}

/**
 * Cell sizes of the precomputed grid: about 64 pixels at web-map zooms 0, 2, 4, …, 10 and 11; a
 * query asks for the next size up from the one it wants. Zoom 11's level serves zoom 12 too: a
 * city-wide view there holds thousands of cameras, which grouped one by one took 30 ms and more;
 * from the grid it reads a few hundred rows. Finer views (zoom 13 and up) are few enough cameras
 * to group from the spatial index as they are asked for. A level is only ever added at the end
 * (its number is its place in this list, stored in camera_cells).
 */
export const cellLevels = [0, 2, 4, 6, 8, 10, 11].map((z) => 360 / 2 ** z / 4);

/**
 * The grid level (an index into cellLevels) a query for cells of `cellDegrees` reads, if any:
 * each level serves its zoom and the next one up to half its cell size; finer asks are grouped
 * from the cameras.
 */
export function cellLevelFor(cellDegrees: number): number | undefined {
  if (cellDegrees < ((cellLevels.at(-1) ?? 0) / 2) * 0.99) return undefined;
  const size = cellLevels.filter((s) => s >= cellDegrees * 0.99).at(-1);
  return size === undefined ? undefined : cellLevels.indexOf(size);
}

/** The cells of one level a box touches: column and row ranges. */
export function cellRange(
  box: { west: number; south: number; east: number; north: number },
  level: number,
): { gx0: number; gx1: number; gy0: number; gy1: number } {
  const size = cellLevels[level] ?? 1;
  return {
    gx0: Math.floor((box.west + 180) / size),
    gx1: Math.floor((box.east + 180) / size),
    gy0: Math.floor((box.south + 90) / size),
    gy1: Math.floor((box.north + 90) / size),
  };
}

/** One maker's cameras in one cell. */
export interface CellRow {
  gx: number;
  gy: number;
  maker: string | null;
  n: number;
  covered: number;
  slat: number;
  slon: number;
}

/** Per-maker rows of each cell -> one cluster per cell, centred on its cameras. */
export function foldCells(rows: readonly CellRow[]): CameraCluster[] {
  const cells = new Map<string, CameraCluster & { slat: number; slon: number }>();
  for (const r of rows) {
    const key = `${r.gx}/${r.gy}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { lat: 0, lon: 0, count: 0, covered: 0, byMaker: {}, slat: 0, slon: 0 };
      cells.set(key, cell);
    }
    cell.count += r.n;
    cell.covered += r.covered;
    cell.slat += r.slat;
    cell.slon += r.slon;
    const m = r.maker ?? 'unknown';
    cell.byMaker[m] = (cell.byMaker[m] ?? 0) + r.n;
  }
  return [...cells.values()].map(({ slat, slon, ...c }) => ({
    ...c,
    lat: slat / c.count,
    lon: slon / c.count,
  }));
}

/** A group's count row, its key null where the column was. */
export interface GroupRow {
  k: string | null;
  n: number;
  covered: number;
}

/** Count rows as a record by key (`unknown` for none). */
export function countsByKey(rows: readonly GroupRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.k ?? 'unknown', r.n]));
}

/** Count rows as groups (`unknown` for none or empty). */
export function groupsOf(rows: readonly GroupRow[]): CameraGroup[] {
  return rows.map((r) => ({
    key: r.k === null || r.k === '' ? 'unknown' : r.k,
    count: r.n,
    covered: r.covered,
  }));
}

/** A city's count row: country and city both null when either is missing. */
export interface CityRow {
  country: string | null;
  city: string | null;
  n: number;
  covered: number;
}

/**
 * Groups by country and city, largest first, then country and city in byte order (`C` collation
 * in PostgreSQL); two Springfields are two places. Either part missing: the `unknown` group.
 */
export function citySql(from: string, limitParam: string, cast = ''): string {
  const part = (col: string) =>
    `CASE WHEN c.country IS NULL OR c.city IS NULL THEN NULL ELSE c.${col} END`;
  return `SELECT * FROM (SELECT ${part('country')} AS country, ${part('city')} AS city, count(*) AS n,
      sum(c.covered${cast}) AS covered ${from} GROUP BY 1, 2) g
    ORDER BY n DESC, country IS NULL, country, city LIMIT ${limitParam}`;
}

/** City rows as groups keyed by the city, with their country. */
export function cityGroupsOf(rows: readonly CityRow[]): CameraGroup[] {
  return rows.map((r) =>
    r.country === null || r.city === null
      ? { key: 'unknown', count: r.n, covered: r.covered }
      : {
          key: r.city,
          country: r.country === '' ? 'unknown' : r.country,
          count: r.n,
          covered: r.covered,
        },
  );
}
