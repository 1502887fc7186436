// The SQL the PostgreSQL cameras share: which spatial index is in use and the condition that
// reads it, filters as WHERE clauses with numbered parameters, and the columns an upsert writes
// as arrays for unnest.
import type { BoundingBox, CameraFilter, CameraRecord } from '../store.js';
import type { PgConn } from './pg-conn.js';

/** Which spatial index the cameras have: PostGIS's, or GiST over PostgreSQL's own boxes. */
export type CameraIndex = 'postgis' | 'box';

/** The index the database's cameras table was given (see migration 7). */
export async function cameraIndexOf(c: PgConn): Promise<CameraIndex> {
  const [row] = await c.query<{ geo: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE tablename = 'cameras' AND indexname = 'cameras_geo') AS geo",
  );
  return row?.geo === true ? 'postgis' : 'box';
}

/** Parameters of one statement, numbered as they are added. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${String(this.values.length)}`;
  }
}

/** The condition "inside the box" on the indexed expression (bounds included, as the R*Tree). */
export function inside(index: CameraIndex, box: BoundingBox, p: Params): string {
  const [w, s, e, n] = [box.west, box.south, box.east, box.north].map((v) => p.add(v));
  return index === 'postgis'
    ? `ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326) && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`
    : `box(point(c.lon, c.lat), point(c.lon, c.lat)) <@ box(point(${w}, ${s}), point(${e}, ${n}))`;
}

/** `FROM cameras c WHERE …` for a filter and an optional box. */
export function from(
  index: CameraIndex,
  filter: CameraFilter,
  box: BoundingBox | undefined,
  p: Params,
  extra: string[] = [],
): string {
  const conds: string[] = [];
  if (box !== undefined) conds.push(inside(index, box, p));
  if (filter.maker !== undefined) conds.push(`c.maker = ${p.add(filter.maker)}`);
  if (filter.covered !== undefined) conds.push(`c.covered = ${p.add(filter.covered)}`);
  if (filter.type !== undefined) conds.push(`c.type = ${p.add(filter.type)}`);
  if (filter.operatorType !== undefined)
    conds.push(`c.operator_type = ${p.add(filter.operatorType)}`);
  conds.push(...extra);
  return `FROM cameras c${conds.length === 0 ? '' : ` WHERE ${conds.join(' AND ')}`}`;
}

export const staleSql = "UPDATE camera_state SET value = '0' WHERE key = 'cells_fresh'";
export const freshSql = "SELECT value FROM camera_state WHERE key = 'cells_fresh'";
/** Cameras per statement of an upsert. */
export const perStatement = 5000;

/** The columns an upsert writes, with their array types for unnest. */
export const writeColumns: ReadonlyArray<readonly [string, string]> = [
  ['id', 'text'],
  ['lat', 'float8'],
  ['lon', 'float8'],
  ['version', 'int8'],
  ['maker', 'text'],
  ['covered', 'bool'],
  ['type', 'text'],
  ['operator_type', 'text'],
  ['country', 'text'],
  ['city', 'text'],
  ['city_from_tag', 'bool'],
  ['data_json', 'text'],
];

export function valuesOf(cam: CameraRecord, json: string): unknown[] {
  return [
    cam.id,
    cam.lat,
    cam.lon,
    cam.version ?? null,
    cam.maker ?? null,
    cam.covered,
    cam.type,
    cam.operatorType ?? null,
    cam.country ?? null,
    cam.city ?? null,
    cam.cityFromTag === true,
    json,
  ];
}

/** The rows as one array per column, for `unnest`. */
export function columnsOf(rows: readonly unknown[][]): unknown[][] {
  return writeColumns.map((_, i) => rows.map((r) => r[i]));
}

export const unnest = writeColumns.map(([, t], i) => `$${String(i + 1)}::${t}[]`).join(', ');
export const names = writeColumns.map(([n]) => n).join(', ');
