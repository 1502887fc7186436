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
  type CameraRow,
  type CellRow,
  type CityRow,
  type GroupRow,
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
import type { SqliteConn } from './sqlite-lock.js';
import { CellSums } from './camera-cells.js';
import { cameraIdOf, cameraKey, cameraKeys } from './camera-key.js';
import {
  buildPositionIndex,
  bulkCacheKib,
  sumCells,
  writeCameras,
  writeGrid,
} from './camera-writes.js';
import { where } from './camera-where.js';

const staleSql = "UPDATE camera_state SET value = '0' WHERE key = 'cells_fresh'";
const freshSql = "SELECT value FROM camera_state WHERE key = 'cells_fresh'";
const anyCameraSql = 'SELECT 1 FROM cameras LIMIT 1';
/**
 * From this many cameras in one write into an empty table (half an import's batch), the position
 * index waits for the end.
 */
const bulkCameras = 1000;

/** Street cameras in SQLite, keyed by OSM element, indexed by Z-order keys for viewport queries. */
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
    // Before the write: a refused id leaves no bulk state behind.
    const keys = cameraKeys(cameras);
    const db = this.c.db;
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
      let counts: ReturnType<typeof writeCameras>;
      try {
        counts = writeCameras(db, cameras, keys, this.#bulk);
      } catch (e) {
        // Rolled back: the sums hold rows that are not there (the table is summed again later).
        this.#endBulk();
        throw e;
      }
      // The table is no longer just the bulk's inserts: its sums would be wrong.
      if (counts.updated > 0) this.#endBulk();
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
      buildPositionIndex(db);
      // Nothing changed since the last rebuild (a re-import of the same extract): keep it.
      if (db.prepare(freshSql).pluck().get() === '1') return;
      // A first import summed its cameras as it wrote them; that is the whole table unless some
      // other writer added cameras meanwhile (then the counts differ and the table is read).
      const sums =
        bulk !== undefined &&
        db.prepare('SELECT count(*) FROM cameras').pluck().get() === bulk.count
          ? bulk
          : sumCells(db);
      writeGrid(db, sums);
      db.prepare("UPDATE camera_state SET value = '1' WHERE key = 'cells_fresh'").run();
    });
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
