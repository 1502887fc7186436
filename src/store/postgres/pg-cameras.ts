// Street cameras in PostgreSQL (migrations 7 and 10): found by PostGIS's spatial index when the
// database has it, else by a GiST index over point boxes; the same answers either way, and the
// same as SQLite's (the low-zoom grid is built with GROUP BY here, in memory there).
import {
  cameraColumns,
  cameraOf,
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
  checkCameraIds,
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
import type { PgConn } from './pg-conn.js';
import { writeCameras } from './pg-camera-writes.js';
import {
  freshSql,
  from,
  Params,
  perStatement,
  staleSql,
  type CameraIndex,
} from './pg-camera-sql.js';

/** Street cameras in PostgreSQL. */
export class PgCameras implements CameraRepository {
  constructor(
    private readonly c: PgConn,
    /** The spatial index in use. */
    readonly index: CameraIndex,
  ) {}

  async upsert(
    cameras: readonly CameraRecord[],
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    checkCameraIds(cameras);
    return this.c.write('map', (c) => writeCameras(c, cameras));
  }

  async remove(ids: readonly string[]): Promise<number> {
    return this.c.write('map', async (c) => {
      const gone = await c.query('DELETE FROM cameras WHERE id = ANY($1::text[]) RETURNING 1', [
        [...new Set(ids)],
      ]);
      if (gone.length > 0) await c.query(staleSql);
      return gone.length;
    });
  }

  async ids(): Promise<string[]> {
    return (await this.c.query<{ id: string }>('SELECT id FROM cameras')).map((r) => r.id);
  }

  async get(id: string): Promise<CameraRecord | undefined> {
    const [row] = await this.c.query<CameraRow>(
      `SELECT ${cameraColumns} FROM cameras c WHERE c.id = $1`,
      [id],
    );
    return row === undefined ? undefined : cameraOf(row);
  }

  async inBox(
    box: BoundingBox,
    filter: CameraFilter = {},
    limit = 10_000,
  ): Promise<CameraRecord[]> {
    const p = new Params();
    const rows = await this.c.query<CameraRow>(
      `SELECT ${cameraColumns} ${from(this.index, filter, box, p)} ORDER BY c.rowid LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map(cameraOf);
  }

  async countInBox(box: BoundingBox, filter: CameraFilter = {}): Promise<number> {
    const p = new Params();
    const [row] = await this.c.query<{ n: number }>(
      `SELECT count(*) AS n ${from(this.index, filter, box, p)}`,
      p.values,
    );
    return row?.n ?? 0;
  }

  async clusters(
    box: BoundingBox,
    cellDegrees: number,
    filter: CameraFilter = {},
  ): Promise<CameraCluster[]> {
    const level = cellLevelFor(cellDegrees);
    const [fresh] = await this.c.query<{ value: string }>(freshSql);
    const rows =
      fresh?.value === '1' && level !== undefined
        ? await this.#fromCells(box, level, filter)
        : await this.#fromCameras(box, cellDegrees, filter);
    return foldCells(rows);
  }

  async #fromCameras(
    box: BoundingBox,
    cellDegrees: number,
    filter: CameraFilter,
  ): Promise<CellRow[]> {
    const p = new Params();
    const size = p.add(cellDegrees);
    // trunc, as SQLite's CAST AS INTEGER (both operands are never negative).
    return this.c.query<CellRow>(
      `SELECT trunc((c.lon + 180) / ${size})::int AS gx, trunc((c.lat + 90) / ${size})::int AS gy,
              c.maker AS maker, count(*) AS n, sum(c.covered::int)::int AS covered,
              sum(c.lat) AS slat, sum(c.lon) AS slon
       ${from(this.index, filter, box, p)} GROUP BY 1, 2, 3`,
      p.values,
    );
  }

  async #fromCells(box: BoundingBox, level: number, filter: CameraFilter): Promise<CellRow[]> {
    const p = new Params();
    const r = cellRange(box, level);
    const conds = [
      `level = ${p.add(level)}`,
      `gx BETWEEN ${p.add(r.gx0)} AND ${p.add(r.gx1)}`,
      `gy BETWEEN ${p.add(r.gy0)} AND ${p.add(r.gy1)}`,
    ];
    if (filter.maker !== undefined) conds.push(`maker = ${p.add(filter.maker)}`);
    if (filter.covered !== undefined) conds.push(`covered = ${p.add(filter.covered ? 1 : 0)}`);
    if (filter.type !== undefined) conds.push(`type = ${p.add(filter.type)}`);
    if (filter.operatorType !== undefined)
      conds.push(`operator_type = ${p.add(filter.operatorType)}`);
    return this.c.query<CellRow>(
      `SELECT gx, gy, NULLIF(maker, '') AS maker, sum(n)::float8 AS n, sum(covered * n)::float8 AS covered,
              sum(slat) AS slat, sum(slon) AS slon
       FROM camera_cells WHERE ${conds.join(' AND ')} GROUP BY gx, gy, maker`,
      p.values,
    );
  }

  async refreshClusters(): Promise<void> {
    await this.c.write('map', async (c) => {
      // Nothing changed since the last rebuild (a re-import of the same extract): keep it.
      const [fresh] = await c.query<{ value: string }>(freshSql);
      if (fresh?.value === '1') return;
      await c.query('DELETE FROM camera_cells');
      for (const [level, size] of cellLevels.entries())
        await c.query(
          `INSERT INTO camera_cells (level, gx, gy, maker, covered, type, operator_type, n, slat, slon)
           SELECT $1, floor((lon + 180) / $2)::int, floor((lat + 90) / $2)::int, coalesce(maker, ''),
                  covered::int, type, coalesce(operator_type, ''), count(*), sum(lat), sum(lon)
           FROM cameras GROUP BY 2, 3, 4, 5, 6, 7`,
          [level, size],
        );
      await c.query("UPDATE camera_state SET value = '1' WHERE key = 'cells_fresh'");
    });
  }

  async stats(box?: BoundingBox, filter: CameraFilter = {}, cityLimit = 100): Promise<CameraStats> {
    const group = async (column: string): Promise<GroupRow[]> => {
      const p = new Params();
      return this.c.query<GroupRow>(
        `SELECT * FROM (SELECT ${column} AS k, count(*) AS n, sum(c.covered::int)::int AS covered
         ${from(this.index, filter, box, p)} GROUP BY 1) g ORDER BY n DESC, k IS NULL, k`,
        p.values,
      );
    };
    const p = new Params();
    const cityFrom = from(this.index, filter, box, p);
    const [makers, operators, types, countries, cities] = await Promise.all([
      group('c.maker'),
      group('c.operator_type'),
      group('c.type'),
      group('c.country'),
      this.c.query<CityRow>(citySql(cityFrom, p.add(cityLimit), '::int'), p.values),
    ]);
    return {
      total: makers.reduce((s, r) => s + r.n, 0),
      covered: makers.reduce((s, r) => s + r.covered, 0),
      byMaker: makers.map((r) => ({ maker: r.k ?? 'unknown', count: r.n, covered: r.covered })),
      byOperatorType: countsByKey(operators),
      byType: countsByKey(types),
      byCountry: groupsOf(countries),
      byCity: cityGroupsOf(cities),
    };
  }

  async savePlaces(places: readonly PlaceRecord[]): Promise<void> {
    const unique = [...new Map(places.map((pl) => [pl.id, pl])).values()];
    await this.c.write('map', async (c) => {
      for (let i = 0; i < unique.length; i += perStatement) {
        const batch = unique.slice(i, i + perStatement);
        await c.query(
          `INSERT INTO osm_places (id, name, kind, lat, lon)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[])
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
             lat = excluded.lat, lon = excluded.lon`,
          [
            batch.map((pl) => pl.id),
            batch.map((pl) => pl.name),
            batch.map((pl) => pl.kind),
            batch.map((pl) => pl.lat),
            batch.map((pl) => pl.lon),
          ],
        );
      }
    });
  }

  async places(): Promise<PlaceRecord[]> {
    return this.c.query<PlaceRecord>('SELECT id, name, kind, lat, lon FROM osm_places');
  }

  async cityRows(afterRowid: number, limit: number): Promise<CameraCityRow[]> {
    return this.c.query<CameraCityRow>(
      'SELECT rowid, lat, lon, city FROM cameras WHERE rowid > $1 AND NOT city_from_tag ORDER BY rowid LIMIT $2',
      [afterRowid, limit],
    );
  }

  async setCities(changes: readonly { rowid: number; city: string | null }[]): Promise<void> {
    await this.c.write('map', async (c) => {
      for (let i = 0; i < changes.length; i += perStatement) {
        const batch = changes.slice(i, i + perStatement);
        await c.query(
          `UPDATE cameras c SET city = v.city FROM unnest($1::int8[], $2::text[]) AS v(rowid, city)
           WHERE c.rowid = v.rowid`,
          [batch.map((x) => x.rowid), batch.map((x) => x.city)],
        );
      }
    });
  }

  async scan(
    filter: CameraFilter,
    box: BoundingBox | undefined,
    afterRowid: number,
    limit: number,
  ): Promise<{ rowid: number; camera: CameraRecord }[]> {
    const p = new Params();
    const after = `c.rowid > ${p.add(afterRowid)}`;
    const rows = await this.c.query<CameraRow>(
      `SELECT ${cameraColumns} ${from(this.index, filter, box, p, [after])} ORDER BY c.rowid LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => ({ rowid: r.rowid, camera: cameraOf(r) }));
  }
}
