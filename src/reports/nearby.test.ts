import { describe, expect, it } from 'vitest';
import { boxAround, distanceM } from './nearby.js';

describe('nearby', () => {
  it('measures short distances in metres', () => {
    // One grid step (1/20000°) of latitude is 5.56 m.
    expect(distanceM({ lat: 44.817, lon: 20.457 }, { lat: 44.81705, lon: 20.457 })).toBeCloseTo(
      5.56,
      1,
    );
    // East–west shrinks with the cosine of the latitude (cos 60° = 0.5).
    expect(distanceM({ lat: 60, lon: 10 }, { lat: 60, lon: 10.001 })).toBeCloseTo(55.6, 0);
  });

  it('builds a box whose edges are the radius away', () => {
    const box = boxAround(44.817, 20.457, 30);
    expect(distanceM({ lat: 44.817, lon: 20.457 }, { lat: box.north, lon: 20.457 })).toBeCloseTo(
      30,
      3,
    );
    expect(distanceM({ lat: 44.817, lon: 20.457 }, { lat: 44.817, lon: box.east })).toBeCloseTo(
      30,
      1,
    );
    expect(boxAround(89.9999, 179.9999, 1000)).toMatchObject({ north: 90, east: 180 });
  });
});
