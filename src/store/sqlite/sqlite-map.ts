import type { BoundingBox, MapPoint, MapRepository } from '../store.js';
import type { SqliteConn } from './sqlite-lock.js';
import { mapPointOf, type PointRow } from '../rows.js';

/** Map points in SQLite, indexed by an R*Tree for bounding-box queries. */
export class SqliteMap implements MapRepository {
  constructor(private readonly c: SqliteConn) {}

  async put(points: readonly MapPoint[]): Promise<void> {
    const db = this.c.db;
    const existing = db.prepare('SELECT rowid FROM map_points WHERE id = ?').pluck();
    const dropTree = db.prepare('DELETE FROM map_points_rtree WHERE rowid = ?');
    const dropPoint = db.prepare('DELETE FROM map_points WHERE rowid = ?');
    const insert = db.prepare(
      'INSERT INTO map_points (id, kind, lat, lon, data_json) VALUES (?, ?, ?, ?, ?)',
    );
    const index = db.prepare(
      'INSERT INTO map_points_rtree (rowid, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)',
    );
    await this.c.write('map', () => {
      for (const p of points) {
        const old = existing.get(p.id) as number | undefined;
        if (old !== undefined) {
          dropTree.run(old);
          dropPoint.run(old);
        }
        const rowid = insert.run(
          p.id,
          p.kind,
          p.lat,
          p.lon,
          JSON.stringify(p.data),
        ).lastInsertRowid;
        index.run(rowid, p.lon, p.lon, p.lat, p.lat);
      }
    });
  }

  async query(
    box: BoundingBox,
    options: { kind?: string; limit?: number } = {},
  ): Promise<MapPoint[]> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT p.id, p.kind, p.lat, p.lon, p.data_json FROM map_points_rtree t JOIN map_points p ON p.rowid = t.rowid
         WHERE t.min_lon >= ? AND t.max_lon <= ? AND t.min_lat >= ? AND t.max_lat <= ? AND (? IS NULL OR p.kind = ?)
         LIMIT ?`,
          )
          .all(
            box.west,
            box.east,
            box.south,
            box.north,
            options.kind ?? null,
            options.kind ?? null,
            options.limit ?? 10_000,
          ) as PointRow[],
    );
    return rows.map(mapPointOf);
  }

  async count(kind?: string): Promise<number> {
    const sql =
      kind === undefined
        ? 'SELECT count(*) FROM map_points'
        : 'SELECT count(*) FROM map_points WHERE kind = ?';
    return this.c.read(() => {
      const stmt = this.c.db.prepare(sql).pluck();
      return (kind === undefined ? stmt.get() : stmt.get(kind)) as number;
    });
  }
}
