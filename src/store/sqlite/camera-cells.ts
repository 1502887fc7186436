// The street map's low-zoom cluster grid, summed in memory: per level, per cell and per kind of
// camera (maker, covered, type, operator type), the count and the sums of latitude and longitude
// (so a cluster sits at its cameras' mean). Filled by one pass over the cameras table, or while a
// first import writes them (then the pass is not needed).
import { cellLevels } from '../camera-rows.js';

/**
 * Rows of cells per column, above any row at the finest level (180° / 0.044° = 4,096, and one more
 * for the pole): a cell's key is column × this + row, under 2^27 so V8 keeps it a small integer
 * (a key past 2^31 is a heap number, hashed and compared several times slower).
 */
const cellRows = 8192;

/** One row of camera_cells. */
export interface CellSum {
  level: number;
  gx: number;
  gy: number;
  maker: string;
  covered: number;
  type: string;
  operatorType: string;
  n: number;
  slat: number;
  slon: number;
}

/**
 * Sums per cell for every level. Only the finest level is summed camera by camera; each coarser
 * level's cells are f by f of the next finer one's, f the ratio of their sizes (4, or 2 between
 * the two finest), so a cell's column and row are the finer ones' divided by f. Cells are kept per kind of camera (one map per
 * kind, keyed by the cell as a number); each cell's sums (n, sum of lat, sum of lon) live in one
 * growing Float64Array, the maps hold indexes into it.
 */
export class CellSums {
  #finest: Map<number, number>[] = [];
  #sums: Float64Array = new Float64Array(3 * 65_536);
  #used = 0;
  #kinds = new Map<string, number>();
  #kindList: [string, number, string, string][] = [];
  /** Cameras added. */
  count = 0;

  /** Adds one camera (maker and operator type '' when unknown). */
  add(lat: number, lon: number, maker: string, covered: number, type: string, op: string): void {
    const name = `${maker}\u0000${covered}\u0000${type}\u0000${op}`;
    let kind = this.#kinds.get(name);
    if (kind === undefined) {
      kind = this.#kindList.length;
      this.#kinds.set(name, kind);
      this.#kindList.push([maker, covered, type, op]);
      this.#finest.push(new Map());
    }
    this.count++;
    const key =
      Math.floor((lon + 180) / finestSize) * cellRows + Math.floor((lat + 90) / finestSize);
    const cells = this.#finest[kind] as Map<number, number>;
    this.#sums = addTo(cells, this.#sums, key, () => this.#take(), 1, lat, lon);
  }

  #take(): number {
    const at = this.#used;
    this.#used += 3;
    return at;
  }

  /**
   * The rows of camera_cells, finest level first, each level in the table's key order (cell, then
   * kind): written in that order, the table's B-tree is appended to rather than split at random.
   * A (cell, kind) pair is one row of a level, so each level is ordered by sorting one number per
   * row (the cell's key times the kinds, plus the kind's rank) in a typed array.
   */
  *rows(): Generator<CellSum> {
    const kindCount = this.#kindList.length;
    const ranked = this.#kindList
      .map((k, kind) => ({ k, kind }))
      .sort(
        ({ k: [am, ac, at, ao] }, { k: [bm, bc, bt, bo] }) =>
          byText(am, bm) || ac - bc || byText(at, bt) || byText(ao, bo),
      )
      .map(({ kind }) => kind);
    const rankOf = new Int32Array(kindCount);
    ranked.forEach((kind, rank) => (rankOf[kind] = rank));
    let kinds = this.#finest;
    let sums = this.#sums;
    for (let level = cellLevels.length - 1; level >= 0; level--) {
      const f = Math.round((cellLevels[level - 1] ?? 0) / (cellLevels[level] ?? 1));
      const total = kinds.reduce((s, m) => s + m.size, 0);
      const order = new Float64Array(total);
      const coarser = kinds.map(() => new Map<number, number>());
      let coarserSums: Float64Array = new Float64Array(3 * Math.max(16, total));
      let used = 0;
      let i = 0;
      kinds.forEach((cells, kind) => {
        const rank = rankOf[kind] ?? 0;
        const up = coarser[kind] as Map<number, number>;
        for (const [key, at] of cells) {
          order[i++] = key * kindCount + rank;
          if (f === 0) continue;
          const upKey =
            Math.floor(Math.floor(key / cellRows) / f) * cellRows +
            Math.floor((key % cellRows) / f);
          coarserSums = addTo(
            up,
            coarserSums,
            upKey,
            () => (used += 3) - 3,
            sums[at] ?? 0,
            sums[at + 1] ?? 0,
            sums[at + 2] ?? 0,
          );
        }
      });
      order.sort();
      for (const o of order) {
        const rank = o % kindCount;
        const key = (o - rank) / kindCount;
        const kind = ranked[rank] ?? 0;
        const at = kinds[kind]?.get(key) ?? 0;
        const [maker, covered, type, operatorType] = this.#kindList[kind] ?? ['', 0, '', ''];
        yield {
          level,
          gx: Math.floor(key / cellRows),
          gy: key % cellRows,
          maker,
          covered,
          type,
          operatorType,
          n: sums[at] ?? 0,
          slat: sums[at + 1] ?? 0,
          slon: sums[at + 2] ?? 0,
        };
      }
      kinds = coarser;
      sums = coarserSums;
    }
  }
}

const finestSize = cellLevels.at(-1) ?? 1;

/** Adds n, lat and lon sums to the cell `key`; returns the sums array (grown when full). */
function addTo(
  cells: Map<number, number>,
  sums: Float64Array,
  key: number,
  take: () => number,
  n: number,
  slat: number,
  slon: number,
): Float64Array {
  let out = sums;
  let at = cells.get(key);
  if (at === undefined) {
    at = take();
    if (at + 3 > out.length) {
      out = new Float64Array(out.length * 2);
      out.set(sums);
    }
    cells.set(key, at);
  }
  out[at] = (out[at] ?? 0) + n;
  out[at + 1] = (out[at + 1] ?? 0) + slat;
  out[at + 2] = (out[at + 2] ?? 0) + slon;
  return out;
}

/** SQLite's BINARY order for ASCII text, which maker ids, types and operator types are. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
