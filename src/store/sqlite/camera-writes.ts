// The street cameras' writes in SQLite: cameras inserted or updated by key, the position index
// made in one sort after a first import, the cluster grid written from its sums.
import type Database from 'better-sqlite3';
import { dataJsonOf, sameCamera, storedIsNewer, type StoredCameraState } from '../camera-rows.js';
import type { CameraRecord } from '../store.js';
import { CellSums } from './camera-cells.js';
import { zkey } from './zorder.js';

/** Rows of the cluster grid per INSERT statement. */
const cellsPerInsert = 50;
/** The page cache while a bulk import appends (KiB). */
export const bulkCacheKib = 4096;

/**
 * The position index (Z-order keys), made again after a bulk import dropped it. It also holds
 * the position and the filter columns, so counts and clusters of a view are read from the index
 * alone, never from the wide rows (each with its camera's JSON).
 */
const cameraIndexSql =
  'CREATE INDEX IF NOT EXISTS cameras_zkey ON cameras (zkey, lat, lon, covered, maker, type, operator_type)';

/**
 * Inserts or updates cameras under their keys (cameraKeys; a stored newer version, or the same
 * camera, is left as it is); an insert is added to `bulk`'s sums. Runs inside the caller's
 * transaction.
 */
export function writeCameras(
  db: Database.Database,
  cameras: readonly CameraRecord[],
  keys: readonly number[],
  bulk: CellSums | undefined,
): { inserted: number; updated: number; unchanged: number } {
  const find = db.prepare(
    'SELECT lat, lon, version, country, data_json FROM cameras WHERE rowid = ?',
  );
  // A new id is inserted without a look-up first; an id already stored is left to the update.
  // Both take the columns in the same order, the key last (see runRow).
  const insert = db.prepare(
    'INSERT INTO cameras (lat, lon, zkey, version, maker, covered, type, operator_type, country, city, city_from_tag, data_json, rowid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const update = db.prepare(
    'UPDATE cameras SET lat = ?, lon = ?, zkey = ?, version = ?, maker = ?, covered = ?, type = ?, operator_type = ?, country = ?, city = ?, city_from_tag = ?, data_json = ? WHERE rowid = ?',
  );
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < cameras.length; i++) {
    const cam = cameras[i] as CameraRecord;
    const key = keys[i] as number;
    const json = dataJsonOf(cam);
    if (runRow(insert, cam, key, json).changes === 1) {
      counts.inserted++;
      bulk?.add(
        cam.lat,
        cam.lon,
        cam.maker ?? '',
        cam.covered ? 1 : 0,
        cam.type,
        cam.operatorType ?? '',
      );
      continue;
    }
    const old = find.get(key) as StoredCameraState;
    if (sameCamera(old, cam, json) || storedIsNewer(old, cam)) counts.unchanged++;
    else {
      runRow(update, cam, key, json);
      counts.updated++;
    }
  }
  return counts;
}

/**
 * Runs `stmt` with the camera's columns in the table's order and its key last. The values are
 * passed one by one, not spread from an array: a million cameras' import spent more time making
 * and spreading those arrays than SQLite spent writing the rows.
 */
function runRow(
  stmt: Database.Statement,
  cam: CameraRecord,
  key: number,
  json: string,
): Database.RunResult {
  const { lat, lon } = cam;
  return stmt.run(
    lat,
    lon,
    zkey(lat, lon),
    cam.version ?? null,
    cam.maker ?? null,
    cam.covered ? 1 : 0,
    cam.type,
    cam.operatorType ?? null,
    cam.country ?? null,
    cam.city ?? null,
    cam.cityFromTag === true ? 1 : 0,
    json,
    key,
  );
}

/**
 * Makes the position index. A first import's is one sort of a million keys: SQLite may use a
 * second thread for it (the readers' threads are done by then). 0.91 s -> 0.72 s at a million.
 */
export function buildPositionIndex(db: Database.Database): void {
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma('threads = 2');
  try {
    db.exec(cameraIndexSql);
  } finally {
    db.pragma(`threads = ${threads}`);
  }
}

/** Replaces the cluster grid with `sums`' rows (inside the caller's transaction). */
export function writeGrid(db: Database.Database, sums: CellSums): void {
  db.exec('DELETE FROM camera_cells');
  // Rows by fifty per statement: the grid of a million cameras has some 750,000 rows, and one
  // statement per row spent a third of its time calling into SQLite.
  const sql = (n: number) =>
    `INSERT INTO camera_cells (level, gx, gy, maker, covered, type, operator_type, n, slat, slon) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const many = db.prepare(sql(cellsPerInsert));
  const one = db.prepare(sql(1));
  const args: unknown[] = [];
  for (const r of sums.rows()) {
    args.push(r.level, r.gx, r.gy, r.maker, r.covered, r.type, r.operatorType, r.n, r.slat, r.slon);
    if (args.length === cellsPerInsert * 10) {
      many.run(args);
      args.length = 0;
    }
  }
  for (let i = 0; i < args.length; i += 10) one.run(args.slice(i, i + 10));
}

/** One pass over the cameras, summed per cell for every level (a GROUP BY per level would sort the table each time). */
export function sumCells(db: Database.Database): CellSums {
  const sums = new CellSums();
  const rows = db
    .prepare(
      "SELECT lat, lon, coalesce(maker, '') AS m, covered AS c, type AS t, coalesce(operator_type, '') AS o FROM cameras",
    )
    .raw()
    .iterate() as IterableIterator<[number, number, string, number, string, string]>;
  for (const [lat, lon, m, c, t, o] of rows) sums.add(lat, lon, m, c, t, o);
  return sums;
}
