import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { JsonArrayItems, type JsonItem } from './json-items.js';
import { geojsonFeature, overpassElement } from './osm-json.js';

function items(text: string, chunk = text.length, max = 1 << 20): JsonItem[] {
  const s = new JsonArrayItems('t.json', ['elements', 'features'], max);
  const out: JsonItem[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...s.push(text.slice(i, i + chunk)));
  s.end();
  return out;
}

const overpass = JSON.stringify({
  version: 0.6,
  generator: 'Overpass API "elements" [test]',
  osm3s: { copyright: 'ODbL', elements: ['not this one'] },
  elements: [
    { type: 'node', id: 1, lat: 48.1, lon: 11.5, tags: { man_made: 'surveillance', note: 'a]}"' } },
    { type: 'node', id: 2, lat: 1, lon: 2, user: 'bob_the_mapper', uid: 77, changeset: 5 },
  ],
  remark: 'done',
});

describe('JsonArrayItems', () => {
  it.each([1, 2, 5, 13, 1000])('splits the elements array fed %i characters at a time', (n) => {
    const got = items(overpass, n);
    expect(got.map((i) => [i.key, i.index])).toEqual([
      ['elements', 0],
      ['elements', 1],
    ]);
    expect(got[0]?.value).toMatchObject({ tags: { note: 'a]}"' } });
  });

  it('reads a bare array, with primitives as items', () => {
    expect(items('[{"a":1}, 2 ,"x", [3]]', 1).map((i) => i.value)).toEqual([{ a: 1 }, 2, 'x', [3]]);
  });

  it.each([
    ['', 'the file is empty'],
    ['hello', 'not JSON'],
    ['{"elements": [{"a": 1}', 'truncated'],
    ['{"nodes": []}', 'no "elements" or "features" array'],
    ['{"elements": [{"a": }]}', 'elements[0]: invalid JSON'],
    ['{"elements": [1]]]', 'unbalanced'],
  ])('refuses %j', (text, message) => {
    expect(() => items(text)).toThrow(ParseError);
    expect(() => items(text)).toThrow(message);
  });

  it('bounds one item in characters', () => {
    expect(() => items(`[{"a":"${'x'.repeat(100)}"}]`, 10, 50)).toThrow(/longer than 50/);
  });

  it('throws nothing but ParseError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (s, n) => {
        try {
          items(`{"elements":[${s}`, n, 1000);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }),
    );
  });
});

const item = (value: unknown, key = 'elements'): JsonItem => ({ key, index: 3, value });

describe('overpassElement', () => {
  it('reads nodes, ways with nodes, centres or geometry, and relations with a centre', () => {
    expect(
      overpassElement(item((JSON.parse(overpass) as { elements: unknown[] }).elements[1])),
    ).toEqual({
      ok: true,
      value: { type: 'node', id: 2, lat: 1, lon: 2, tags: {}, position: 'elements[3]' },
    });
    const way = { type: 'way', id: 4, nodes: [1, 2], center: { lat: 1, lon: 2 }, tags: { a: 'b' } };
    expect(overpassElement(item(way))).toMatchObject({
      ok: true,
      value: { type: 'way', refs: [1, 2], center: { lat: 1, lon: 2 }, tags: { a: 'b' } },
    });
    const geom = { type: 'way', id: 4, geometry: [{ lat: 1, lon: 2 }] };
    expect(overpassElement(item(geom))).toMatchObject({
      value: { geometry: [{ lat: 1, lon: 2 }] },
    });
    const rel = { type: 'relation', id: 9, center: { lat: 3, lon: 4 } };
    expect(overpassElement(item(rel))).toMatchObject({
      value: { type: 'relation', center: { lat: 3, lon: 4 } },
    });
  });

  it.each([
    [5, 'not an object'],
    [{ type: 'node' }, 'no integer "id"'],
    [{ type: 'area', id: 1 }, 'unknown element type "area"'],
  ])('refuses %j', (value, issue) => {
    expect(overpassElement(item(value))).toEqual({ ok: false, issues: [issue] });
  });
});

describe('geojsonFeature', () => {
  const point = (properties: unknown, id?: unknown) => ({
    type: 'Feature',
    ...(id === undefined ? {} : { id }),
    geometry: { type: 'Point', coordinates: [11.5, 48.1] },
    ...(properties === undefined ? {} : { properties }),
  });

  it('reads flat properties and drops @ metadata', () => {
    const f = point({
      '@id': 'node/12',
      '@user': 'carol',
      '@version': 4,
      man_made: 'surveillance',
    });
    expect(geojsonFeature(item(f, 'features'))).toEqual({
      ok: true,
      value: {
        type: 'node',
        id: 12,
        version: 4,
        lat: 48.1,
        lon: 11.5,
        tags: { man_made: 'surveillance' },
        position: 'features[3]',
      },
    });
  });

  it('reads osmtogeojson properties with nested tags and meta', () => {
    const f = point(
      {
        type: 'node',
        id: 12,
        tags: { man_made: 'surveillance' },
        meta: { version: 2, user: 'dave' },
      },
      'node/12',
    );
    const r = geojsonFeature(item(f, 'features'));
    expect(r).toMatchObject({
      ok: true,
      value: { id: 12, version: 2, tags: { man_made: 'surveillance' } },
    });
    expect(JSON.stringify(r)).not.toContain('dave');
  });

  it('turns polygons and lines into their centroid', () => {
    const square = {
      type: 'Feature',
      id: 'way/7',
      properties: { man_made: 'surveillance' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [2, 0],
            [2, 2],
            [0, 2],
            [0, 0],
          ],
        ],
      },
    };
    expect(geojsonFeature(item(square, 'features'))).toMatchObject({
      ok: true,
      value: { type: 'way', id: 7, center: { lat: 1, lon: 1 } },
    });
    const line = {
      ...square,
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [4, 2],
        ],
      },
    };
    expect(geojsonFeature(item(line, 'features'))).toMatchObject({
      value: { center: { lat: 1, lon: 2 } },
    });
  });

  it.each([
    [{ type: 'Point' }, 'not a GeoJSON Feature'],
    [point(undefined, 'node/1'), 'no "properties" member (RFC 7946 requires one)'],
    [point({ name: 'x' }), 'no OpenStreetMap id (node/…, way/…)'],
    [point({ name: 'x' }, 17), 'no OpenStreetMap id (node/…, way/…)'],
    [
      { type: 'Feature', id: 'way/1', properties: {}, geometry: { type: 'GeometryCollection' } },
      'unsupported geometry "GeometryCollection"',
    ],
  ])('refuses %j', (value, issue) => {
    expect(geojsonFeature(item(value, 'features'))).toEqual({ ok: false, issues: [issue] });
  });
});
