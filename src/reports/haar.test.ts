import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { parseHaarCascade } from './haar-cascade.js';
import { defaultHaarOptions, detectWithCascade, groupBoxes } from './haar-detect.js';
import { plateCascade, plateCascadeUrl } from './fs-plate-cascade.js';
import { sumTables } from './integral.js';

const grey = fc
  .record({ width: fc.integer({ min: 1, max: 12 }), height: fc.integer({ min: 1, max: 12 }) })
  .chain(({ width, height }) =>
    fc
      .uint8Array({ minLength: width * height, maxLength: width * height })
      .map((data) => ({ data, width, height })),
  );

describe('integral images', () => {
  it('match their definitions (upright and tilted)', () => {
    fc.assert(
      fc.property(grey, (image) => {
        const { width: w, height: h, data } = image;
        const t = sumTables(image, true);
        const px = (x: number, y: number): number => data[y * w + x] ?? 0;
        for (let Y = 0; Y <= h; Y++)
          for (let X = 0; X <= w; X++) {
            let upright = 0;
            let tilted = 0;
            for (let y = 0; y < Y; y++)
              for (let x = 0; x < w; x++) {
                if (x < X) upright += px(x, y);
                // OpenCV's definition: y < Y and |x - X + 1| <= Y - y - 1.
                if (Math.abs(x - X + 1) <= Y - y - 1) tilted += px(x, y);
              }
            expect(t.sum[Y * t.stride + X]).toBe(upright);
            expect(t.tilted[Y * t.stride + X]).toBe(tilted);
          }
      }),
      { numRuns: 150 },
    );
  });
});

describe('the shipped plate cascade', () => {
  it('is the 20-stage, 60 x 20 OpenCV cascade, with some tilted features', () => {
    const c = plateCascade();
    expect([c.width, c.height, c.stageThreshold.length]).toEqual([60, 20, 20]);
    expect(c.anyTilted).toBe(true);
    expect(c.treeFirstNode.length).toBeGreaterThan(100);
  });

  it('is refused with a ParseError when cut or altered, never another error', () => {
    const xml = readFileSync(plateCascadeUrl, 'utf8');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: xml.length }),
        fc.integer({ min: 0, max: 400 }),
        fc.string({ maxLength: 8 }),
        (at, cut, insert) => {
          try {
            parseHaarCascade(xml.slice(0, at) + insert + xml.slice(at + cut));
          } catch (e) {
            expect(e).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(() => parseHaarCascade('<cascade/>')).toThrow(/no <stageType>/);
  });
});

describe('detectWithCascade', () => {
  it('is total on any pixels and answers boxes inside the image', () => {
    const c = plateCascade();
    const pixels = fc
      .record({ width: fc.integer({ min: 0, max: 160 }), height: fc.integer({ min: 0, max: 90 }) })
      .chain(({ width, height }) =>
        fc
          .uint8Array({ minLength: width * height, maxLength: width * height })
          .map((data) => ({ data, width, height })),
      );
    fc.assert(
      fc.property(pixels, (image) => {
        const boxes = detectWithCascade(c, image, { ...defaultHaarOptions, minNeighbors: 0 });
        for (const b of boxes) {
          expect(Number.isFinite(b.x + b.y + b.width + b.height)).toBe(true);
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width).toBeLessThanOrEqual(image.width + 1e-9);
          expect(b.y + b.height).toBeLessThanOrEqual(image.height + 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps within its window budget by searching a smaller copy', () => {
    const c = plateCascade();
    const width = 800;
    const height = 600;
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
    const started = performance.now();
    detectWithCascade(c, { data, width, height }, { ...defaultHaarOptions, maxWindows: 20_000 });
    const small = performance.now() - started;
    // 20 000 windows of at most 20 stages each: well under a second even on a loaded machine.
    expect(small).toBeLessThan(3000);
  });
});

describe('groupBoxes', () => {
  it('averages alike boxes and keeps groups with more than minNeighbors', () => {
    const near = [
      { x: 100, y: 50, width: 60, height: 20 },
      { x: 102, y: 51, width: 61, height: 20 },
      { x: 98, y: 49, width: 62, height: 21 },
    ];
    const alone = { x: 400, y: 300, width: 60, height: 20 };
    expect(groupBoxes([...near, alone], 2, 0.2)).toEqual([
      { x: 100, y: 50, width: 61, height: 61 / 3 },
    ]);
    expect(groupBoxes([...near, alone], 0, 0.2)).toHaveLength(2);
  });
});
