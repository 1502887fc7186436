import {
  cameraColumns as columns,
  cameraOf as toRecord,
  cellLevelFor,
  cellRange,
  cityGroupsOf,
  citySql,
  countsByKey,
  foldCells,
  groupsOf,
  storedIsNewer,
  sameCamera,
  type CameraRow,
  type CellRow,
  type CityRow,
  type GroupRow,
  type StoredCameraState,
} from '../camera-rows.js';
import type {
  BoundingBox,
  CameraCityRow,
  CameraCluster,
  CameraFilter,
  CameraRecord,
  CameraRepository,
  CameraStats,
  PlaceRecord,
} from '../store.js';
import { UserError } from '../../shared/errors.js';
import type { SqliteConn } from './sqlite-lock.js';
import { CellSums } from './camera-cells.js';
import { cameraIdOf, cameraKey } from './camera-key.js';
import { zkey, zRanges } from './zorder.js';

/**
 * The tables, SQL conditions and parameters for a filter and an optional box: a box is read
 * through the Z-order index (a few key ranges, see zorder.ts), then by exact position.
 */
function where(
  filter: CameraFilter,
  box: BoundingBox | undefined,
): { from: string; sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  let from = 'cameras c';
  if (box !== undefined) {
    const ranges = zRanges(box);
    // CROSS JOIN keeps the ranges the outer loop: with a filter on another column the planner
    // would otherwise scan the whole table and look each row up in the ranges.
    from = `(VALUES ${ranges.map(() => '(?, ?)').join(', ')}) AS z CROSS JOIN cameras c ON c.zkey BETWEEN z.column1 AND z.column2`;
    for (const [lo, hi] of ranges) params.push(lo, hi);
    conds.push('c.lon BETWEEN ? AND ? AND c.lat BETWEEN ? AND ?');
    params.push(box.west, box.east, box.south, box.north);
  }
  // `+` keeps SQLite from building an automatic index on the column for each query (a pass over
  // the whole table): the rows in the box's ranges are few, filtering them is cheap.
  if (filter.maker !== undefined) {
    conds.push('+c.maker = ?');
    params.push(filter.maker);
  }
  if (filter.covered !== undefined) {
    conds.push('+c.covered = ?');
    params.push(filter.covered ? 1 : 0);
  }
  if (filter.type !== undefined) {
    conds.push('+c.type = ?');
    params.push(filter.type);
  }
  if (filter.operatorType !== undefined) {
    conds.push('+c.operator_type = ?');
    params.push(filter.operatorType);
  }
  return { from, sql: conds.length === 0 ? '' : `WHERE ${conds.join(' AND ')}`, params };
}

const staleSql = "UPDATE camera_state SET value = '0' WHERE key = 'cells_fresh'";
const freshSql = "SELECT value FROM camera_state WHERE key = 'cells_fresh'";
const anyCameraSql = 'SELECT 1 FROM cameras LIMIT 1';
/**
 * From this many cameras in one write into an empty table (half an import's batch), the position
 * index waits for the end.
 */
const bulkCameras = 1000;
/** Rows of the cluster grid per INSERT statement. */
const cellsPerInsert = 50;
/** The page cache while a bulk import appends (KiB). */
const bulkCacheKib = 4096;
/**
 * The position index (Z-order keys), made again after a bulk import dropped it. It also holds
 * the position and the filter columns, so counts and clusters of a view are read from the index
 * alone, never from the wide rows (each with its camera's JSON).
 */
export const cameraIndexSql =
  'CREATE INDEX IF NOT EXISTS cameras_zkey ON cameras (zkey, lat, lon, covered, maker, type, operator_type)';

/** Street cameras in SQLite, indexed by an R*Tree for viewport queries. */
export class SqliteCameras implements CameraRepository {
  /**
   * While a first import fills the empty table: the cluster grid summed as cameras are written
   * (dropped at the first update or removal, when the table no longer is just these inserts).
   */
  #bulk: CellSums | undefined;
  /**
   * The page cache's size before a bulk import made it small: appending rows needs a few pages,
   * and 32 MiB of them was a fifteenth of the import's peak memory. Restored when the bulk ends.
   */
  #cacheBeforeBulk: number | undefined;

  /** Ends a bulk import's state (its sums, its small cache); returns the sums. */
  #endBulk(): CellSums | undefined {
    const bulk = this.#bulk;
    this.#bulk = undefined;
    if (this.#cacheBeforeBulk !== undefined)
      this.c.db.pragma(`cache_size = ${this.#cacheBeforeBulk}`);
    this.#cacheBeforeBulk = undefined;
    return bulk;
  }

  constructor(private readonly c: SqliteConn) {}

  async upsert(
    cameras: readonly CameraRecord[],
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    const db = this.c.db;
    const find = db.prepare(
      'SELECT rowid, lat, lon, version, country, data_json FROM cameras WHERE rowid = ?',
    );
    // A new id is inserted without a look-up first; an id already stored is left to the update.
    const insert = db.prepare(
      'INSERT INTO cameras (rowid, lat, lon, zkey, version, maker, covered, type, operator_type, country, city, city_from_tag, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    const update = db.prepare(
      'UPDATE cameras SET lat = ?, lon = ?, zkey = ?, version = ?, maker = ?, covered = ?, type = ?, operator_type = ?, country = ?, city = ?, city_from_tag = ?, data_json = ? WHERE rowid = ?',
    );
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    const stale = db.prepare(staleSql);
    return this.c.write('map', () => {
      // A first import into an empty table: its position index is built once at the end
      // (refreshClusters), one sort instead of a B-tree insert per camera.
      if (cameras.length >= bulkCameras && db.prepare(anyCameraSql).get() === undefined) {
        db.exec('DROP INDEX IF EXISTS cameras_zkey');
        this.#bulk = new CellSums();
        this.#cacheBeforeBulk ??= db.pragma('cache_size', { simple: true }) as number;
        db.pragma(`cache_size = -${bulkCacheKib}`);
      }
      const bulk = this.#bulk;
      for (const cam of cameras) {
        const key = cameraKey(cam.id);
        if (key === undefined)
          throw new UserError(
            `a street camera's id "${cam.id}" is not an OSM element (n, w or r and a whole number up to 2^50)`,
          );
        const json = cam.dataJson ?? JSON.stringify(cam.data);
        // The values one by one, not spread from an array: a million cameras' import spent more
        // time making and spreading those arrays than SQLite spent writing the rows.
        const { lat, lon, type } = cam;
        const z = zkey(lat, lon);
        const version = cam.version ?? null;
        const maker = cam.maker ?? null;
        const covered = cam.covered ? 1 : 0;
        const operatorType = cam.operatorType ?? null;
        const country = cam.country ?? null;
        const city = cam.city ?? null;
        const cityFromTag = cam.cityFromTag === true ? 1 : 0;
        const put = insert.run(
          key,
          lat,
          lon,
          z,
          version,
          maker,
          covered,
          type,
          operatorType,
          country,
          city,
          cityFromTag,
          json,
        );
        if (put.changes === 1) {
          counts.inserted++;
          bulk?.add(lat, lon, maker ?? '', covered, type, operatorType ?? '');
          continue;
        }
        const old = find.get(key) as StoredCameraState & { rowid: number };
        if (sameCamera(old, cam, json) || storedIsNewer(old, cam)) {
          counts.unchanged++;
          continue;
        }
        update.run(
          lat,
          lon,
          z,
          version,
          maker,
          covered,
          type,
          operatorType,
          country,
          city,
          cityFromTag,
          json,
          old.rowid,
        );
        counts.updated++;
        this.#endBulk();
      }
      if (counts.inserted + counts.updated > 0) stale.run();
      return counts;
    });
  }

  async remove(ids: readonly string[]): Promise<number> {
    const db = this.c.db;
    const drop = db.prepare('DELETE FROM cameras WHERE rowid = ?');
    const stale = db.prepare(staleSql);
    return this.c.write('map', () => {
      let n = 0;
      for (const id of ids) {
        const key = cameraKey(id);
        if (key !== undefined) n += drop.run(key).changes;
      }
      if (n > 0) {
        stale.run();
        this.#endBulk();
      }
      return n;
    });
  }

  async ids(): Promise<string[]> {
    const keys = await this.c.read(
      () => this.c.db.prepare('SELECT rowid FROM cameras').pluck().all() as number[],
    );
    return keys.map(cameraIdOf);
  }

  async get(id: string): Promise<CameraRecord | undefined> {
    const key = cameraKey(id);
    if (key === undefined) return undefined;
    const row = await this.c.read(
      () =>
        this.c.db.prepare(`SELECT ${columns} FROM cameras c WHERE c.rowid = ?`).get(key) as
          CameraRow | undefined,
    );
    return row === undefined ? undefined : toRecord(row);
  }

  async inBox(
    box: BoundingBox,
    filter: CameraFilter = {},
    limit = 10_000,
  ): Promise<CameraRecord[]> {
    const w = where(filter, box);
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(`SELECT ${columns} FROM ${w.from} ${w.sql} ORDER BY c.rowid LIMIT ?`)
          .all(...w.params, limit) as CameraRow[],
    );
    return rows.map(toRecord);
  }

  async countInBox(box: BoundingBox, filter: CameraFilter = {}): Promise<number> {
    const w = where(filter, box);
    return this.c.read(
      () =>
        this.c.db
          .prepare(`SELECT count(*) FROM ${w.from} ${w.sql}`)
          .pluck()
          .get(...w.params) as number,
    );
  }

  async clusters(
    box: BoundingBox,
    cellDegrees: number,
    filter: CameraFilter = {},
  ): Promise<CameraCluster[]> {
    const level = cellLevelFor(cellDegrees);
    const rows = await this.c.read(() => {
      const fresh = this.c.db.prepare(freshSql).pluck().get() === '1';
      return fresh && level !== undefined
        ? this.#fromCells(box, level, filter)
        : this.#fromCameras(box, cellDegrees, filter);
    });
    return foldCells(rows);
  }

  #fromCameras(box: BoundingBox, cellDegrees: number, filter: CameraFilter): CellRow[] {
    const w = where(filter, box);
    return this.c.db
      .prepare(
        `SELECT CAST((c.lon + 180) / ? AS INTEGER) AS gx, CAST((c.lat + 90) / ? AS INTEGER) AS gy,
                c.maker AS maker, count(*) AS n, sum(c.covered) AS covered, sum(c.lat) AS slat, sum(c.lon) AS slon
         FROM ${w.from} ${w.sql} GROUP BY gx, gy, c.maker`,
      )
      .all(cellDegrees, cellDegrees, ...w.params) as CellRow[];
  }

  #fromCells(box: BoundingBox, level: number, filter: CameraFilter): CellRow[] {
    const conds = ['level = ?', 'gx BETWEEN ? AND ?', 'gy BETWEEN ? AND ?'];
    const r = cellRange(box, level);
    const params: unknown[] = [level, r.gx0, r.gx1, r.gy0, r.gy1];
    const eq = (column: string, value: unknown): void => {
      conds.push(`${column} = ?`);
      params.push(value);
    };
    if (filter.maker !== undefined) eq('maker', filter.maker);
    if (filter.covered !== undefined) eq('covered', filter.covered ? 1 : 0);
    if (filter.type !== undefined) eq('type', filter.type);
    if (filter.operatorType !== undefined) eq('operator_type', filter.operatorType);
    return this.c.db
      .prepare(
        `SELECT gx, gy, NULLIF(maker, '') AS maker, sum(n) AS n, sum(covered * n) AS covered, sum(slat) AS slat, sum(slon) AS slon
         FROM camera_cells WHERE ${conds.join(' AND ')} GROUP BY gx, gy, maker`,
      )
      .all(...params) as CellRow[];
  }

  async refreshClusters(): Promise<void> {
    const db = this.c.db;
    // The cache is back to its size before the index is sorted.
    const bulk = this.#endBulk();
    await this.c.write('map', () => {
      // A first import's index is one sort of a million keys: SQLite may use a second thread for
      // it (the readers' threads are done by now). 0.91 s -> 0.72 s at a million cameras.
      const threads = db.pragma('threads', { simple: true }) as number;
      db.pragma('threads = 2');
      try {
        db.exec(cameraIndexSql);
      } finally {
        db.pragma(`threads = ${threads}`);
      }
      // Nothing changed since the last rebuild (a re-import of the same extract): keep it.
      if (db.prepare(freshSql).pluck().get() === '1') return;
      // A first import summed its cameras as it wrote them; that is the whole table unless some
      // other writer added cameras meanwhile (then the counts differ and the table is read).
      const sums =
        bulk !== undefined &&
        db.prepare('SELECT count(*) FROM cameras').pluck().get() === bulk.count
          ? bulk
          : this.#sumCells();
      db.exec('DELETE FROM camera_cells');
      // Rows by fifty per statement: the grid of a million cameras has some 750,000 rows, and one
      // statement per row spent a third of its time calling into SQLite.
      const sql = (n: number) =>
        `INSERT INTO camera_cells (level, gx, gy, maker, covered, type, operator_type, n, slat, slon) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
      const many = db.prepare(sql(cellsPerInsert));
      const one = db.prepare(sql(1));
      const args: unknown[] = [];
      for (const r of sums.rows()) {
        args.push(
          r.level,
          r.gx,
          r.gy,
          r.maker,
          r.covered,
          r.type,
          r.operatorType,
          r.n,
          r.slat,
          r.slon,
        );
        if (args.length === cellsPerInsert * 10) {
          many.run(args);
          args.length = 0;
        }
      }
      for (let i = 0; i < args.length; i += 10) one.run(args.slice(i, i + 10));
      db.prepare("UPDATE camera_state SET value = '1' WHERE key = 'cells_fresh'").run();
    });
  }

  /** One pass over the cameras, summed per cell for every level (a GROUP BY per level would sort the table each time). */
  #sumCells(): CellSums {
    const sums = new CellSums();
    const rows = this.c.db
      .prepare(
        "SELECT lat, lon, coalesce(maker, '') AS m, covered AS c, type AS t, coalesce(operator_type, '') AS o FROM cameras",
      )
      .raw()
      .iterate() as IterableIterator<[number, number, string, number, string, string]>;
    for (const [lat, lon, m, c, t, o] of rows) sums.add(lat, lon, m, c, t, o);
    return sums;
  }

  async stats(box?: BoundingBox, filter: CameraFilter = {}, cityLimit = 100): Promise<CameraStats> {
    const w = where(filter, box);
    const q = (group: string, limit = -1) =>
      this.c.db
        .prepare(
          `SELECT ${group} AS k, count(*) AS n, sum(c.covered) AS covered FROM ${w.from} ${w.sql} GROUP BY k ORDER BY n DESC, k IS NULL, k LIMIT ?`,
        )
        .all(...w.params, limit) as GroupRow[];
    return this.c.read(() => {
      const makers = q('c.maker');
      const cities = this.c.db
        .prepare(citySql(`FROM ${w.from} ${w.sql}`, '?'))
        .all(...w.params, cityLimit) as CityRow[];
      return {
        total: makers.reduce((s, r) => s + r.n, 0),
        covered: makers.reduce((s, r) => s + r.covered, 0),
        byMaker: makers.map((r) => ({ maker: r.k ?? 'unknown', count: r.n, covered: r.covered })),
        byOperatorType: countsByKey(q('c.operator_type')),
        byType: countsByKey(q('c.type')),
        byCountry: groupsOf(q('c.country')),
        byCity: cityGroupsOf(cities),
      };
    });
  }

  async savePlaces(places: readonly PlaceRecord[]): Promise<void> {
    const put = this.c.db.prepare(
      'INSERT OR REPLACE INTO osm_places (id, name, kind, lat, lon) VALUES (?, ?, ?, ?, ?)',
    );
    await this.c.write('map', () => {
      for (const p of places) put.run(p.id, p.name, p.kind, p.lat, p.lon);
    });
  }

  async places(): Promise<PlaceRecord[]> {
    return this.c.read(
      () =>
        this.c.db.prepare('SELECT id, name, kind, lat, lon FROM osm_places').all() as PlaceRecord[],
    );
  }

  async cityRows(afterRowid: number, limit: number): Promise<CameraCityRow[]> {
    return this.c.read(
      () =>
        this.c.db
          .prepare(
            'SELECT rowid, lat, lon, city FROM cameras WHERE rowid > ? AND city_from_tag = 0 ORDER BY rowid LIMIT ?',
          )
          .all(afterRowid, limit) as CameraCityRow[],
    );
  }

  async setCities(changes: readonly { rowid: number; city: string | null }[]): Promise<void> {
    const set = this.c.db.prepare('UPDATE cameras SET city = ? WHERE rowid = ?');
    await this.c.write('map', () => {
      for (const c of changes) set.run(c.city, c.rowid);
    });
  }

  async scan(
    filter: CameraFilter,
    box: BoundingBox | undefined,
    afterRowid: number,
    limit: number,
  ): Promise<{ rowid: number; camera: CameraRecord }[]> {
    const w = where(filter, box);
    const sql = `SELECT ${columns} FROM ${w.from} ${w.sql === '' ? 'WHERE' : `${w.sql} AND`} c.rowid > ? ORDER BY c.rowid LIMIT ?`;
    const rows = await this.c.read(
      () => this.c.db.prepare(sql).all(...w.params, afterRowid, limit) as CameraRow[],
    );
    return rows.map((r) => ({ rowid: r.rowid, camera: toRecord(r) }));
  }
}
