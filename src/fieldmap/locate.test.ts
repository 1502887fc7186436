import { describe, expect, it } from 'vitest';
import {
  CountryLocator,
  distanceM,
  PlaceIndex,
  placeOf,
  topologyShapes,
  type Place,
} from './locate.js';

const flat = (ring: number[][]): Float64Array => Float64Array.from(ring.flat());
const square = (w: number, s: number, e: number, n: number): Float64Array =>
  flat([
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ]);

// A country with a lake (a hole) and an enclave inside the lake; an island across the antimeridian.
const shapes = [
  { name: 'Landia', polygons: [[square(0, 0, 10, 10), square(4, 4, 6, 6)]] },
  { name: 'Enclavia', polygons: [[square(4.5, 4.5, 5.5, 5.5)]] },
  {
    name: 'Datelina',
    polygons: [
      [
        flat([
          [179, -20],
          [-179, -20],
          [-179, -18],
          [179, -18],
          [179, -20],
        ]),
      ],
    ],
  },
  // A diagonal border through quarter-degree cells.
  {
    name: 'Wedge',
    polygons: [
      [
        flat([
          [20, 0],
          [23, 0],
          [20, 3],
          [20, 0],
        ]),
      ],
    ],
  },
];

describe('CountryLocator', () => {
  const l = new CountryLocator(shapes);
  it.each([
    [1, 1, 'Landia'],
    [9.9, 0.1, 'Landia'],
    [4.2, 4.2, undefined], // in the lake
    [5, 5, 'Enclavia'],
    [-5, 5, undefined],
    [-19, 179.5, 'Datelina'],
    [-19, -179.5, 'Datelina'],
    [1, 21.9, 'Wedge'],
    [1, 22.1, undefined], // just past the diagonal: x + y > 23
    [0.9, 22.05, 'Wedge'],
  ])('lat %d lon %d -> %s', (lat, lon, want) => expect(l.countryAt(lat, lon)).toBe(want));

  it('gives a camera just off a coast the coast’s country, and nothing farther out', () => {
    expect(l.countryAt(5, 10.02)).toBe('Landia');
    expect(l.countryAt(5, 10.2)).toBeUndefined();
  });

  it('answers the same for every point of a cell whether or not a border crosses it', () => {
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const lon = 20.1 + (i % 20) * 0.151;
      const lat = 0.1 + Math.floor(i / 20) * 0.147;
      // Points within snapping distance of the border are the coast rule's, tested above.
      if (Math.abs(lon + lat - 23) < 0.05) continue;
      checked++;
      expect(l.countryAt(lat, lon), `${lat},${lon}`).toBe(lon + lat < 23 ? 'Wedge' : undefined);
    }
    expect(checked).toBeGreaterThan(350);
  });
});

describe('topologyShapes', () => {
  it('joins quantised, delta-encoded arcs into rings, reversing negative ones', () => {
    // Two unit squares sharing the edge x = 11: arc 0 is that edge, drawn northwards.
    const topology = {
      transform: { scale: [0.5, 0.5] as [number, number], translate: [10, 20] as [number, number] },
      arcs: [
        [
          [2, 0],
          [0, 2],
        ],
        [
          [2, 2],
          [-2, 0],
          [0, -2],
          [2, 0],
        ],
        [
          [2, 0],
          [2, 0],
          [0, 2],
          [-2, 0],
        ],
      ],
      objects: {
        countries: {
          geometries: [
            { type: 'Polygon', arcs: [[1, 0]], properties: { name: 'West' } },
            { type: 'MultiPolygon', arcs: [[[2, ~0]]], properties: { name: 'East' } },
            { type: 'Polygon', arcs: [[1]] },
          ],
        },
      },
    };
    const shapes = topologyShapes(topology);
    expect(shapes.map((s) => s.name)).toEqual(['West', 'East']);
    expect([...(shapes[0]?.polygons[0]?.[0] ?? [])]).toEqual([
      11, 21, 10, 21, 10, 20, 11, 20, 11, 21,
    ]);
    expect([...(shapes[1]?.polygons[0]?.[0] ?? [])]).toEqual([
      11, 20, 12, 20, 12, 21, 11, 21, 11, 20,
    ]);
    const l = new CountryLocator(shapes);
    expect(l.countryAt(20.5, 10.5)).toBe('West');
    expect(l.countryAt(20.5, 11.5)).toBe('East');
    expect(l.countryAt(20.5, 12.5)).toBeUndefined();
  });
});

describe('places', () => {
  const p = (id: string, name: string, kind: Place['kind'], lat: number, lon: number): Place => ({
    id,
    name,
    kind,
    lat,
    lon,
  });
  const index = new PlaceIndex([
    p('n1', 'Bigcity', 'city', 50, 10),
    p('n2', 'Smallville', 'village', 50.05, 10),
    p('n3', 'Farton', 'town', 51, 10),
  ]);

  it('reads place nodes: city, town and village with a name', () => {
    expect(placeOf('n1', { place: 'city', name: ' Berlin ' }, 52.5, 13.4)).toEqual({
      id: 'n1',
      name: 'Berlin',
      kind: 'city',
      lat: 52.5,
      lon: 13.4,
    });
    expect(placeOf('n2', { place: 'hamlet', name: 'X' }, 0, 0)).toBeUndefined();
    expect(placeOf('n3', { place: 'town' }, 0, 0)).toBeUndefined();
  });

  it('places a position in the nearest place relative to its radius', () => {
    expect(index.placeAt(50.01, 10)?.name).toBe('Bigcity'); // 1.1 km of 15
    expect(index.placeAt(50.049, 10)?.name).toBe('Smallville'); // 0.1 km of 2, 5.4 km of 15
    expect(index.placeAt(50.12, 10)?.name).toBe('Bigcity'); // 7.8 km of the village: out of its reach
    expect(index.placeAt(51.02, 10)?.name).toBe('Farton');
    expect(index.placeAt(50.5, 10)).toBeUndefined(); // 55 km from anything
    expect(index.placeAt(50, 10.2)?.name).toBe('Bigcity'); // 14.3 km east, across grid cells
  });

  it('measures great-circle distances', () => {
    expect(distanceM(52.52, 13.405, 48.8566, 2.3522) / 1000).toBeCloseTo(878, -1);
  });
});
