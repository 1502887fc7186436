import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zkey, zRanges } from './zorder.js';

const lat = fc.double({ min: -90, max: 90, noNaN: true });
const lon = fc.double({ min: -180, max: 180, noNaN: true });
const box = fc.tuple(lon, lon, lat, lat).map(([a, b, c, d]) => ({
  west: Math.min(a, b),
  east: Math.max(a, b),
  south: Math.min(c, d),
  north: Math.max(c, d),
}));
const within = (ranges: readonly (readonly [number, number])[], k: number): boolean =>
  ranges.some(([lo, hi]) => k >= lo && k <= hi);

describe('zorder', () => {
  it('gives 52-bit integer keys, the corners of the world at the ends', () => {
    expect(zkey(-90, -180)).toBe(0);
    expect(zkey(90, 180)).toBe(2 ** 52 - 1);
    expect(Number.isSafeInteger(zkey(51.5, -0.12))).toBe(true);
    // Clamped, never NaN.
    expect(zkey(Number.NaN, 500)).toBe(zkey(-90, 180));
  });

  it('covers every point of a box with at most the asked number of sorted, disjoint ranges', () => {
    fc.assert(
      fc.property(
        box,
        fc.integer({ min: 4, max: 40 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          { maxLength: 30 },
        ),
        (b, max, at) => {
          const ranges = zRanges(b, max);
          expect(ranges.length).toBeGreaterThan(0);
          expect(ranges.length).toBeLessThanOrEqual(max);
          for (let i = 1; i < ranges.length; i++)
            expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1] + 1);
          for (const [u, v] of at) {
            const p = {
              lon: b.west + u * (b.east - b.west),
              lat: b.south + v * (b.north - b.south),
            };
            expect(within(ranges, zkey(p.lat, p.lon))).toBe(true);
          }
          expect(within(ranges, zkey(b.south, b.west))).toBe(true);
          expect(within(ranges, zkey(b.north, b.east))).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('covers a street-sized box tightly: few keys outside it are in its ranges', () => {
    const street = { west: 2.3, south: 48.85, east: 2.31, north: 48.856 };
    const ranges = zRanges(street);
    const width = ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
    // The box is about 6,800 x 5,600 steps of 2^26; the cover must not be more than a few times it.
    const boxSteps = (0.01 / 360) * 2 ** 26 * ((0.006 / 180) * 2 ** 26);
    expect(width / boxSteps).toBeLessThan(4);
    // A point just outside, far along the curve, is not in any range.
    expect(within(ranges, zkey(48.9, 2.4))).toBe(false);
  });
});
