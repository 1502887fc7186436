// A street camera's row key in SQLite: its OSM element as one integer, id × 4 + type (0 node,
// 1 way, 2 relation), which is the table's rowid. An extract lists its elements in id order, so a
// first import appends to the table's B-tree; a text id under a UNIQUE index was inserted all
// over its index ("n100" sorts before "n20"), and each commit rewrote pages across it.
import { badCameraId, cameraIdParts } from '../camera-rows.js';
import type { CameraRecord } from '../store.js';

const types = 'nwr';

/** The key of a camera id (`n123`, `w5`, `r-9`); undefined when it is not one. */
export function cameraKey(id: string): number | undefined {
  const parts = cameraIdParts(id);
  return parts === undefined ? undefined : parts.osmId * 4 + parts.type;
}

/** The cameras' keys, in order; throws badCameraId for an id that is no OSM element. */
export function cameraKeys(cameras: readonly CameraRecord[]): number[] {
  return cameras.map(({ id }) => {
    const key = cameraKey(id);
    if (key === undefined) throw badCameraId(id);
    return key;
  });
}

/** The camera id of a key (cameraKey's inverse). */
export function cameraIdOf(key: number): string {
  const type = ((key % 4) + 4) % 4;
  return `${types.charAt(type)}${(key - type) / 4}`;
}

/**
 * The same in SQL, for the table's generated `id` column (migration 17: changing it needs a new
 * migration): `rowid` back to its id. SQLite's % keeps the sign of the dividend, hence the + 4.
 */
export const cameraIdSql = `substr('nwr', ((rowid % 4) + 4) % 4 + 1, 1) || ((rowid - ((rowid % 4) + 4) % 4) / 4)`;
