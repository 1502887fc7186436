// The street map's low-zoom cluster grid, summed in memory: per level, per cell and per kind of
// camera (maker, covered, type, operator type), the count and the sums of latitude and longitude
// (so a cluster sits at its cameras' mean). Filled by one pass over the cameras table, or while a
// first import writes them (then the pass is not needed).

/**
 * Cell sizes in degrees: about 64 pixels at web-map zooms 0, 2, 4, …, 10; a query asks for the
 * next size up from the one it wants. Finer views (zoom 12 and up) are few enough cameras to group
 * from the position index as they are asked for.
 */
export const cellLevels = [0, 2, 4, 6, 8, 10].map((z) => 360 / 2 ** z / 4);
/** Above any cell column or row at the finest level (360° / 0.088° = 4,096). */
const cellSpan = 2 ** 17;

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
 * Sums per cell for every level. Keys are numbers (the kind as a small integer, then the cell),
 * not strings; each cell's sums (n, sum of lat, sum of lon) live in one growing Float64Array, the
 * maps hold indexes into it.
 */
export class CellSums {
  #cells = cellLevels.map(() => new Map<number, number>());
  #sums = new Float64Array(3 * 65_536);
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
    }
    this.count++;
    for (let i = 0; i < cellLevels.length; i++) {
      const size = cellLevels[i] ?? 1;
      const key =
        (kind * cellSpan + Math.floor((lon + 180) / size)) * cellSpan +
        Math.floor((lat + 90) / size);
      const map = this.#cells[i] as Map<number, number>;
      let at = map.get(key);
      if (at === undefined) {
        if (this.#used + 3 > this.#sums.length) {
          const grown = new Float64Array(this.#sums.length * 2);
          grown.set(this.#sums);
          this.#sums = grown;
        }
        at = this.#used;
        this.#used += 3;
        map.set(key, at);
      }
      this.#sums[at] = (this.#sums[at] ?? 0) + 1;
      this.#sums[at + 1] = (this.#sums[at + 1] ?? 0) + lat;
      this.#sums[at + 2] = (this.#sums[at + 2] ?? 0) + lon;
    }
  }

  /**
   * The rows of camera_cells, level by level, each level in the table's key order (cell, then
   * kind): written in that order, the table's B-tree is appended to rather than split at random.
   */
  *rows(): Generator<CellSum> {
    for (let level = 0; level < cellLevels.length; level++) {
      const rows: CellSum[] = [];
      for (const [key, at] of this.#cells[level] ?? []) {
        const [maker, covered, type, operatorType] = this.#kindList[
          Math.floor(key / cellSpan / cellSpan)
        ] ?? ['', 0, '', ''];
        rows.push({
          level,
          gx: Math.floor(key / cellSpan) % cellSpan,
          gy: key % cellSpan,
          maker,
          covered,
          type,
          operatorType,
          n: this.#sums[at] ?? 0,
          slat: this.#sums[at + 1] ?? 0,
          slon: this.#sums[at + 2] ?? 0,
        });
      }
      rows.sort(
        (a, b) =>
          a.gx - b.gx ||
          a.gy - b.gy ||
          byText(a.maker, b.maker) ||
          a.covered - b.covered ||
          byText(a.type, b.type) ||
          byText(a.operatorType, b.operatorType),
      );
      yield* rows;
    }
  }
}

/** SQLite's BINARY order for ASCII text, which maker ids, types and operator types are. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
