import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellLevels } from '../camera-rows.js';
import { CellSums, type CellSum } from './camera-cells.js';

interface Cam {
  lat: number;
  lon: number;
  maker: string;
  covered: number;
  type: string;
  op: string;
}

const camera: fc.Arbitrary<Cam> = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
  maker: fc.constantFrom('', 'hikvision', 'dahua', 'axis'),
  covered: fc.constantFrom(0, 1),
  type: fc.constantFrom('camera', 'ALPR'),
  op: fc.constantFrom('', 'public', 'private'),
});
/** Cameras near each other, so cells hold several of them and several kinds. */
const near = camera.map((c) => ({ ...c, lat: 44.8 + c.lat / 1000, lon: 20.4 + c.lon / 1000 }));

/** The rows as a GROUP BY over every level would give them, in the table's key order. */
function naive(cameras: readonly Cam[]): CellSum[] {
  const rows = new Map<string, CellSum>();
  for (const [level, size] of cellLevels.entries())
    for (const c of cameras) {
      const gx = Math.floor((c.lon + 180) / size);
      const gy = Math.floor((c.lat + 90) / size);
      const key = [level, gx, gy, c.maker, c.covered, c.type, c.op].join('|');
      const row = rows.get(key) ?? {
        level,
        gx,
        gy,
        maker: c.maker,
        covered: c.covered,
        type: c.type,
        operatorType: c.op,
        n: 0,
        slat: 0,
        slon: 0,
      };
      row.n++;
      row.slat += c.lat;
      row.slon += c.lon;
      rows.set(key, row);
    }
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows.values()].sort(
    (a, b) =>
      b.level - a.level ||
      a.gx - b.gx ||
      a.gy - b.gy ||
      text(a.maker, b.maker) ||
      a.covered - b.covered ||
      text(a.type, b.type) ||
      text(a.operatorType, b.operatorType),
  );
}

describe('CellSums', () => {
  it('gives every level the rows grouping the cameras would, finest first, in key order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(camera, near), { maxLength: 60 }), (cameras) => {
        const sums = new CellSums();
        for (const c of cameras) sums.add(c.lat, c.lon, c.maker, c.covered, c.type, c.op);
        expect(sums.count).toBe(cameras.length);
        const got = [...sums.rows()];
        const want = naive(cameras);
        const keys = (rows: CellSum[]) => rows.map(({ slat: _a, slon: _o, ...r }) => r);
        expect(keys(got)).toEqual(keys(want));
        got.forEach((r, i) => {
          expect(r.slat).toBeCloseTo(want[i]?.slat ?? NaN, 6);
          expect(r.slon).toBeCloseTo(want[i]?.slon ?? NaN, 6);
        });
      }),
      { numRuns: 200 },
    );
  });
});
