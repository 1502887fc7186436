// The street cameras' SQL filter in SQLite: a box through the Z-order index, then the columns.
import type { BoundingBox, CameraFilter } from '../store.js';
import { zRanges } from './zorder.js';

/**
 * The tables, SQL conditions and parameters for a filter and an optional box: a box is read
 * through the Z-order index (a few key ranges, see zorder.ts), then by exact position.
 */
export function where(
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
