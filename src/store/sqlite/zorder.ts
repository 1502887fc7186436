// A spatial index for points in an ordinary B-tree: each point's Z-order (Morton) key, longitude
// and latitude quantised to 2^26 steps each (about 0.6 m) with their bits interleaved, so points
// near each other mostly have near keys. A box becomes a few key ranges (a quadtree cover of the
// box); the rows in those ranges are then filtered by their exact position. Unlike an R*Tree, the
// index of a million points is built in one sort, and kept up to date at the cost of any index.

/** Steps per axis: 2^26, so a key has 52 bits and stays an exact integer in JS and SQLite. */
const bits = 26;
const steps = 2 ** bits;

/** Spreads the 13 low bits of v to the even bit positions 0, 2, …, 24 (32-bit arithmetic). */
function spread13(v: number): number {
  let x = v & 0x1fff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** A 26-bit step number with its bits moved to the even positions of a 52-bit number. */
function spread26(v: number): number {
  return spread13(Math.floor(v / 2 ** 13)) * 2 ** 26 + spread13(v);
}

/** The key of the quantised cell (x, y): x's bits at the odd positions, y's at the even ones. */
function interleave(x: number, y: number): number {
  return spread26(x) * 2 + spread26(y);
}

function stepOf(value: number, min: number, span: number): number {
  const s = Math.floor(((value - min) / span) * steps);
  return s < 0 ? 0 : s >= steps ? steps - 1 : Number.isFinite(s) ? s : 0;
}

const xOf = (lon: number): number => stepOf(lon, -180, 360);
const yOf = (lat: number): number => stepOf(lat, -90, 180);

/** The Z-order key of a position (out-of-range values are clamped to the edge). */
export function zkey(lat: number, lon: number): number {
  return interleave(xOf(lon), yOf(lat));
}

export interface ZBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Inclusive key ranges, ascending and disjoint. */
export type ZRange = readonly [number, number];

interface Cell {
  level: number;
  x: number;
  y: number;
}

/**
 * Key ranges that together hold every point in the box: quadtree cells, split breadth first while
 * the cover stays within `maxRanges`, then cells next to each other in key order joined. Cells
 * only partly inside the box are kept whole, so rows still need their exact position checked.
 */
export function zRanges(box: ZBox, maxRanges = 24): ZRange[] {
  const x0 = xOf(Math.min(box.west, box.east));
  const x1 = xOf(Math.max(box.west, box.east));
  const y0 = yOf(Math.min(box.south, box.north));
  const y1 = yOf(Math.max(box.south, box.north));
  const cells: Cell[] = [];
  let queue: Cell[] = [{ level: 0, x: 0, y: 0 }];
  while (queue.length > 0) {
    const next: Cell[] = [];
    for (let i = 0; i < queue.length; i++) {
      const c = queue[i] as Cell;
      const size = 2 ** (bits - c.level);
      const cx0 = c.x * size;
      const cy0 = c.y * size;
      const cx1 = cx0 + size - 1;
      const cy1 = cy0 + size - 1;
      if (cx0 > x1 || cx1 < x0 || cy0 > y1 || cy1 < y0) continue;
      const inside = cx0 >= x0 && cx1 <= x1 && cy0 >= y0 && cy1 <= y1;
      // Splitting turns one cell into up to four: only while the whole cover stays in budget.
      const room = cells.length + next.length + (queue.length - i) + 3 <= maxRanges;
      if (inside || c.level === bits || !room) cells.push(c);
      else
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const)
          next.push({ level: c.level + 1, x: c.x * 2 + dx, y: c.y * 2 + dy });
    }
    queue = next;
  }
  const ranges = cells
    .map((c): [number, number] => {
      const shift = bits - c.level;
      const lo = interleave(c.x * 2 ** shift, c.y * 2 ** shift);
      return [lo, lo + 4 ** shift - 1];
    })
    .sort((a, b) => a[0] - b[0]);
  const joined: [number, number][] = [];
  for (const r of ranges) {
    const last = joined.at(-1);
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else joined.push(r);
  }
  return joined;
}
