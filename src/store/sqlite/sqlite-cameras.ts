import {
  cameraColumns as columns,
  cameraOf as toRecord,
  cellLevelFor,
  cellLevels,
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

/** SQL conditions and their parameters for a filter and an optional box (over the R*Tree `t`). */
function where(
  filter: CameraFilter,
  box: BoundingBox | undefined,
): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (box !== undefined) {
    conds.push('t.min_lon >= ? AND t.max_lon <= ? AND t.min_lat >= ? AND t.max_lat <= ?');
    params.push(box.west, box.east, box.south, box.north);
  }
  if (filter.maker !== undefined) {
    conds.push('c.maker = ?');
    params.push(filter.maker);
  }
  if (filter.covered !== undefined) {
    conds.push('c.covered = ?');
    params.push(filter.covered ? 1 : 0);
  }
  if (filter.type !== undefined) {
    conds.push('c.type = ?');
    params.push(filter.type);
  }
  if (filter.operatorType !== undefined) {
    conds.push('c.operator_type = ?');
    params.push(filter.operatorType);
  }
  return { sql: conds.length === 0 ? '' : `WHERE ${conds.join(' AND ')}`, params };
}

/** The tables a query reads: through the R*Tree when it has a box. */
function from(box: BoundingBox | undefined): string {
  return box === undefined ? 'cameras c' : 'cameras_rtree t JOIN cameras c ON c.rowid = t.rowid';
}

/** Levels summed per pass over the cameras in refreshClusters (indexes into cellLevels). */
const levelPasses = [[0, 1, 2, 3, 4], [5], [6], [7]];
/** Above any cell column or row at the finest level (360° / 0.0055° = 65,536). */
const cellSpan = 2 ** 17;
const staleSql = "UPDATE camera_state SET value = '0' WHERE key = 'cells_fresh'";
const freshSql = "SELECT value FROM camera_state WHERE key = 'cells_fresh'";

/** Street cameras in SQLite, indexed by an R*Tree for viewport queries. */
export class SqliteCameras implements CameraRepository {
  constructor(private readonly c: SqliteConn) {}

  async upsert(
    cameras: readonly CameraRecord[],
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    const db = this.c.db;
    const find = db.prepare('SELECT rowid, version, lat, lon, data_json FROM cameras WHERE id = ?');
    const insert = db.prepare(
      'INSERT INTO cameras (id, lat, lon, version, maker, covered, type, operator_type, country, city, city_from_tag, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const update = db.prepare(
      'UPDATE cameras SET lat = ?, lon = ?, version = ?, maker = ?, covered = ?, type = ?, operator_type = ?, country = ?, city = ?, city_from_tag = ?, data_json = ? WHERE rowid = ?',
    );
    const index = db.prepare(
      'INSERT INTO cameras_rtree (rowid, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)',
    );
    const move = db.prepare(
      'UPDATE cameras_rtree SET min_lon = ?, max_lon = ?, min_lat = ?, max_lat = ? WHERE rowid = ?',
    );
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    const stale = db.prepare(staleSql);
    return this.c.write('map', () => {
      for (const cam of cameras) {
        const json = JSON.stringify(cam.data);
        const fields = [
          cam.version ?? null,
          cam.maker ?? null,
          cam.covered ? 1 : 0,
          cam.type,
          cam.operatorType ?? null,
          cam.country ?? null,
          cam.city ?? null,
          cam.cityFromTag === true ? 1 : 0,
          json,
        ];
        const old = find.get(cam.id) as
          | { rowid: number; version: number | null; lat: number; lon: number; data_json: string }
          | undefined;
        if (old === undefined) {
          const rowid = insert.run(cam.id, cam.lat, cam.lon, ...fields).lastInsertRowid;
          index.run(rowid, cam.lon, cam.lon, cam.lat, cam.lat);
          counts.inserted++;
        } else if (
          old.data_json === json ||
          (old.version !== null && cam.version !== undefined && old.version > cam.version)
        ) {
          counts.unchanged++;
        } else {
          update.run(cam.lat, cam.lon, ...fields, old.rowid);
          if (old.lat !== cam.lat || old.lon !== cam.lon)
            move.run(cam.lon, cam.lon, cam.lat, cam.lat, old.rowid);
          counts.updated++;
        }
      }
      if (counts.inserted + counts.updated > 0) stale.run();
      return counts;
    });
  }

  async remove(ids: readonly string[]): Promise<number> {
    const db = this.c.db;
    const find = db.prepare('SELECT rowid FROM cameras WHERE id = ?').pluck();
    const dropTree = db.prepare('DELETE FROM cameras_rtree WHERE rowid = ?');
    const drop = db.prepare('DELETE FROM cameras WHERE rowid = ?');
    const stale = db.prepare(staleSql);
    return this.c.write('map', () => {
      let n = 0;
      for (const id of ids) {
        const rowid = find.get(id) as number | undefined;
        if (rowid === undefined) continue;
        dropTree.run(rowid);
        drop.run(rowid);
        n++;
      }
      if (n > 0) stale.run();
      return n;
    });
  }

  async ids(): Promise<string[]> {
    return this.c.read(() => this.c.db.prepare('SELECT id FROM cameras').pluck().all() as string[]);
  }

  async get(id: string): Promise<CameraRecord | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db.prepare(`SELECT ${columns} FROM cameras c WHERE c.id = ?`).get(id) as
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
          .prepare(`SELECT ${columns} FROM ${from(box)} ${w.sql} ORDER BY c.rowid LIMIT ?`)
          .all(...w.params, limit) as CameraRow[],
    );
    return rows.map(toRecord);
  }

  async countInBox(box: BoundingBox, filter: CameraFilter = {}): Promise<number> {
    const w = where(filter, box);
    return this.c.read(
      () =>
        this.c.db
          .prepare(`SELECT count(*) FROM ${from(box)} ${w.sql}`)
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
         FROM ${from(box)} ${w.sql} GROUP BY gx, gy, c.maker`,
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
    await this.c.write('map', () => {
      // Nothing changed since the last rebuild (a re-import of the same extract): keep it.
      if (db.prepare(freshSql).pluck().get() === '1') return;
      db.exec('DELETE FROM camera_cells');
      const insert = db.prepare(
        'INSERT INTO camera_cells (level, gx, gy, maker, covered, type, operator_type, n, slat, slon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      // The coarse levels together, the fine ones (about a cell per camera) one pass each, so a
      // million cameras never hold more than one fine level's cells in memory.
      for (const levels of levelPasses) {
        const { cells, sums, kindList } = this.#sumCells(levels);
        levels.forEach((level, i) => {
          for (const [key, at] of cells[i] ?? []) {
            const gy = key % cellSpan;
            const gx = Math.floor(key / cellSpan) % cellSpan;
            const [m, c, t, o] = kindList[Math.floor(key / cellSpan / cellSpan)] ?? ['', 0, '', ''];
            insert.run(level, gx, gy, m, c, t, o, sums[at], sums[at + 1], sums[at + 2]);
          }
        });
      }
      db.prepare("UPDATE camera_state SET value = '1' WHERE key = 'cells_fresh'").run();
    });
  }

  /**
   * One pass over the cameras, summed per cell in memory for the given levels: a GROUP BY per
   * level would sort the whole table each time. Keys are numbers (the camera's kind of maker,
   * covered, type and operator type as a small integer, then the cell), not strings; each cell's
   * sums (n, sum of lat, sum of lon) live in one growing Float64Array, the maps hold indexes.
   */
  #sumCells(levels: readonly number[]): {
    cells: Map<number, number>[];
    sums: Float64Array;
    kindList: [string, number, string, string][];
  } {
    const cells = levels.map(() => new Map<number, number>());
    let sums = new Float64Array(3 * 65_536);
    let used = 0;
    const kinds = new Map<string, number>();
    const kindList: [string, number, string, string][] = [];
    const rows = this.c.db
      .prepare(
        "SELECT lat, lon, coalesce(maker, '') AS m, covered AS c, type AS t, coalesce(operator_type, '') AS o FROM cameras",
      )
      .raw()
      .iterate() as IterableIterator<[number, number, string, number, string, string]>;
    for (const [lat, lon, m, c, t, o] of rows) {
      const name = `${m}\u0000${c}\u0000${t}\u0000${o}`;
      let kind = kinds.get(name);
      if (kind === undefined) {
        kind = kindList.length;
        kinds.set(name, kind);
        kindList.push([m, c, t, o]);
      }
      for (let i = 0; i < levels.length; i++) {
        const size = cellLevels[levels[i] ?? 0] ?? 1;
        const key =
          (kind * cellSpan + Math.floor((lon + 180) / size)) * cellSpan +
          Math.floor((lat + 90) / size);
        const map = cells[i];
        let at = map?.get(key);
        if (at === undefined) {
          if (used + 3 > sums.length) {
            const grown = new Float64Array(sums.length * 2);
            grown.set(sums);
            sums = grown;
          }
          at = used;
          used += 3;
          map?.set(key, at);
        }
        sums[at] = (sums[at] ?? 0) + 1;
        sums[at + 1] = (sums[at + 1] ?? 0) + lat;
        sums[at + 2] = (sums[at + 2] ?? 0) + lon;
      }
    }
    return { cells, sums, kindList };
  }

  async stats(box?: BoundingBox, filter: CameraFilter = {}, cityLimit = 100): Promise<CameraStats> {
    const w = where(filter, box);
    const q = (group: string, limit = -1) =>
      this.c.db
        .prepare(
          `SELECT ${group} AS k, count(*) AS n, sum(c.covered) AS covered FROM ${from(box)} ${w.sql} GROUP BY k ORDER BY n DESC, k IS NULL, k LIMIT ?`,
        )
        .all(...w.params, limit) as GroupRow[];
    return this.c.read(() => {
      const makers = q('c.maker');
      const cities = this.c.db
        .prepare(citySql(`FROM ${from(box)} ${w.sql}`, '?'))
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
    const sql = `SELECT ${columns} FROM ${from(box)} ${w.sql === '' ? 'WHERE' : `${w.sql} AND`} c.rowid > ? ORDER BY c.rowid LIMIT ?`;
    const rows = await this.c.read(
      () => this.c.db.prepare(sql).all(...w.params, afterRowid, limit) as CameraRow[],
    );
    return rows.map((r) => ({ rowid: r.rowid, camera: toRecord(r) }));
  }
}
