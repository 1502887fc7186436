// Street cameras' writes in PostgreSQL: a batch inserted or updated by id, statement by
// statement of `perStatement` cameras, in input order as SQLite writes them.
import { dataJsonOf, sameCamera, storedIsNewer, type StoredCameraState } from '../camera-rows.js';
import type { CameraRecord } from '../store.js';
import type { PgConn } from './pg-conn.js';
import {
  columnsOf,
  names,
  perStatement,
  staleSql,
  unnest,
  valuesOf,
  writeColumns,
} from './pg-camera-sql.js';

/** Inserts or updates cameras (a stored newer version, or the same camera, is left as it is). */
export async function writeCameras(
  c: PgConn,
  cameras: readonly CameraRecord[],
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < cameras.length; i += perStatement) {
    const batch = cameras.slice(i, i + perStatement);
    const old = new Map(
      (
        await c.query<StoredCameraState & { id: string }>(
          'SELECT id, lat, lon, version, country, data_json FROM cameras WHERE id = ANY($1::text[])',
          [[...new Set(batch.map((cam) => cam.id))]],
        )
      ).map((r) => [r.id, r]),
    );
    const state = (cam: CameraRecord, json: string) => ({
      id: cam.id,
      lat: cam.lat,
      lon: cam.lon,
      version: cam.version ?? null,
      country: cam.country ?? null,
      data_json: json,
    });
    // In input order, as SQLite does one by one: a later duplicate sees the earlier one.
    const inserts = new Map<string, unknown[]>();
    const updates = new Map<string, unknown[]>();
    for (const cam of batch) {
      const json = dataJsonOf(cam);
      const was = old.get(cam.id);
      if (was === undefined) {
        inserts.set(cam.id, valuesOf(cam, json));
        old.set(cam.id, state(cam, json));
        counts.inserted++;
      } else if (sameCamera(was, cam, json) || storedIsNewer(was, cam)) {
        counts.unchanged++;
      } else {
        (inserts.has(cam.id) ? inserts : updates).set(cam.id, valuesOf(cam, json));
        old.set(cam.id, state(cam, json));
        counts.updated++;
      }
    }
    if (inserts.size > 0)
      await c.query(
        `INSERT INTO cameras (${names}) SELECT * FROM unnest(${unnest})`,
        columnsOf([...inserts.values()]),
      );
    if (updates.size > 0)
      await c.query(
        `UPDATE cameras c SET ${writeColumns
          .slice(1)
          .map(([n]) => `${n} = v.${n}`)
          .join(', ')}
         FROM unnest(${unnest}) AS v(${names}) WHERE c.id = v.id`,
        columnsOf([...updates.values()]),
      );
  }
  if (counts.inserted + counts.updated > 0) await c.query(staleSql);
  return counts;
}
