// Map points in PostgreSQL, found by a GiST index over point boxes.
import type { BoundingBox, MapPoint, MapRepository } from '../store.js';
import type { PgConn } from './pg-conn.js';
import { mapPointOf, type PointRow } from '../rows.js';

/** Points per INSERT statement (5 parameters each). */
const perStatement = 2000;

/** Map points in PostgreSQL. */
export class PgMap implements MapRepository {
  constructor(private readonly c: PgConn) {}

  async put(points: readonly MapPoint[]): Promise<void> {
    const unique = [...new Map(points.map((p) => [p.id, p])).values()];
    await this.c.write('map', async (c) => {
      for (let i = 0; i < unique.length; i += perStatement) {
        const params: unknown[] = [];
        const values = unique.slice(i, i + perStatement).map((p) => {
          const at = params.length;
          params.push(p.id, p.kind, p.lat, p.lon, JSON.stringify(p.data));
          return `(${[1, 2, 3, 4, 5].map((k) => `$${String(at + k)}`).join(', ')})`;
        });
        await c.query(
          `INSERT INTO map_points (id, kind, lat, lon, data_json) VALUES ${values.join(', ')}
           ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, lat = excluded.lat,
             lon = excluded.lon, data_json = excluded.data_json`,
          params,
        );
      }
    });
  }

  async query(
    box: BoundingBox,
    options: { kind?: string; limit?: number } = {},
  ): Promise<MapPoint[]> {
    // `<@` (contained in) on the indexed expression, as the SQLite R*Tree query asks.
    const rows = await this.c.query<PointRow>(
      `SELECT id, kind, lat, lon, data_json FROM map_points
       WHERE box(point(lon, lat), point(lon, lat)) <@ box(point($1, $2), point($3, $4))
       AND ($5::text IS NULL OR kind = $5) LIMIT $6`,
      [box.west, box.south, box.east, box.north, options.kind ?? null, options.limit ?? 10_000],
    );
    return rows.map(mapPointOf);
  }

  async count(kind?: string): Promise<number> {
    const [row] = await this.c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM map_points WHERE $1::text IS NULL OR kind = $1',
      [kind ?? null],
    );
    return row?.n ?? 0;
  }
}
