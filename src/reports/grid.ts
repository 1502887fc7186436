// The grid reported positions are snapped to (pure): 1/20000 of a degree in latitude and in
// longitude, so a cell is 5.56 m north–south and 5.56·cos(latitude) m east–west (3.9 m at 45°,
// 2.8 m at 60°). Enough to find a camera on its pole; the stored point is a grid corner, not the
// exact spot the reporter stood at or tapped.
import { SousveilError } from '../shared/errors.js';

/** Cells per degree. */
export const GRID_CELLS_PER_DEGREE = 20_000;

/** `lat`, `lon` moved to the nearest grid point (−180° longitude written as 180°). */
export function snapToGrid(lat: number, lon: number): { lat: number; lon: number } {
  const snap = (x: number): number => Math.round(x * GRID_CELLS_PER_DEGREE) / GRID_CELLS_PER_DEGREE;
  const lonSnapped = snap(lon);
  return { lat: snap(lat), lon: lonSnapped === -180 ? 180 : lonSnapped };
}

/** A moment (ISO 8601, UTC) rounded down to its day: `YYYY-MM-DD`. */
export function dayOf(nowIso: string): string {
  const day = nowIso.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new SousveilError('internal', `not an ISO time: ${nowIso.slice(0, 40)}`);
  return day;
}
