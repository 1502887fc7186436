import { describe, expect, it } from 'vitest';
import { detectionRegions } from './tiles.js';

describe('detectionRegions', () => {
  it('looks at a small picture whole', () => {
    expect(detectionRegions(800, 600)).toEqual([{ x: 0, y: 0, width: 800, height: 600 }]);
  });

  it('covers a large picture with overlapping tiles flush with its edges', () => {
    const regions = detectionRegions(2048, 1536);
    expect(regions[0]).toEqual({ x: 0, y: 0, width: 2048, height: 1536 });
    const tiles = regions.slice(1);
    expect(tiles.map((t) => [t.x, t.y])).toEqual([
      [0, 0],
      [819, 0],
      [1024, 0],
      [0, 512],
      [819, 512],
      [1024, 512],
    ]);
    // Every pixel is inside some tile, and no tile leaves the picture.
    for (const [x, y] of [
      [0, 0],
      [2047, 1535],
      [1023, 900],
      [1500, 700],
    ] as const)
      expect(
        tiles.some((t) => x >= t.x && x < t.x + t.width && y >= t.y && y < t.y + t.height),
      ).toBe(true);
    for (const t of tiles) expect(t.x + t.width <= 2048 && t.y + t.height <= 1536).toBe(true);
  });

  it('tiles only the long side of a panorama', () => {
    const tiles = detectionRegions(4000, 900).slice(1);
    expect(new Set(tiles.map((t) => t.y))).toEqual(new Set([0]));
    expect(tiles.every((t) => t.height === 900)).toBe(true);
    expect(tiles.at(-1)?.x).toBe(4000 - 1024);
  });
});
