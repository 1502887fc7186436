import fc from 'fast-check';
import { PbfWriter } from 'pbf';
import { describe, expect, it } from 'vitest';
import type { OsmItem } from './osm-element.js';
import { decodePrimitiveBlock, type BlockFilter } from './pbf-block.js';
import { PackedCursor } from './pbf-dense.js';
import { PbfFormatError } from './pbf-wire.js';
import { message, primitiveBlock } from './testdata/pbf-writer.js';

interface Node {
  id: number;
  lat: number;
  lon: number;
  version?: number;
  tags: [string, string][];
}

const words = ['man_made', 'surveillance', 'place', 'town', 'name', 'Niš', '海康威视', 'shop', ''];

/** A PrimitiveBlock with one DenseNodes group, written by mapbox's pbf writer. */
function denseBlock(
  nodes: readonly Node[],
  withVersions: boolean,
  granularity: number,
): Uint8Array {
  const table = [''];
  const index = (s: string): number => {
    let i = table.indexOf(s, 1);
    if (i < 0) i = table.push(s) - 1;
    return i;
  };
  const kv: number[] = [];
  for (const n of nodes) {
    for (const [k, v] of n.tags) kv.push(index(k), index(v));
    kv.push(0);
  }
  const deltas = (xs: number[]): number[] => xs.map((x, i) => x - (i === 0 ? 0 : (xs[i - 1] ?? 0)));
  const w = primitiveBlock(table, [
    (group) =>
      message(group, 2, (d) => {
        d.writePackedSVarint(1, deltas(nodes.map((n) => n.id)));
        if (withVersions)
          message(d, 5, (info) =>
            info.writePackedVarint(
              1,
              nodes.map((n) => n.version ?? 1),
            ),
          );
        d.writePackedSVarint(8, deltas(nodes.map((n) => n.lat)));
        d.writePackedSVarint(9, deltas(nodes.map((n) => n.lon)));
        if (kv.some((k) => k !== 0)) d.writePackedVarint(10, kv);
      }),
  ]);
  w.writeVarintField(17, granularity);
  return w.finish();
}

const node = fc.record({
  // Deltas past 2^28 and 2^32 take the long varint path.
  id: fc.integer({ min: -(2 ** 45), max: 2 ** 45 }),
  lat: fc.integer({ min: -900_000_000, max: 900_000_000 }),
  lon: fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }),
  version: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  tags: fc.uniqueArray(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)), {
    maxLength: 4,
    selector: ([k]) => k,
  }),
});

const expected = (n: Node, withVersions: boolean, granularity: number): OsmItem => ({
  type: 'node',
  id: n.id,
  lat: (granularity * n.lat) / 1e9,
  lon: (granularity * n.lon) / 1e9,
  tags: Object.fromEntries(n.tags),
  ...(withVersions ? { version: n.version ?? 1 } : {}),
  position: 'block 1',
});

const cameras: BlockFilter = {
  keys: ['man_made'],
  wanted: (_type, tags) => tags.man_made === 'surveillance',
  keep: (_type, id) => id % 7 === 0,
};

describe('pbf-dense', () => {
  it('reads back every node the pbf writer wrote: ids, positions, versions, tags', () => {
    fc.assert(
      fc.property(
        fc.array(node, { maxLength: 40 }),
        fc.boolean(),
        fc.constantFrom(100, 1000),
        (nodes, withVersions, granularity) => {
          const bytes = denseBlock(nodes, withVersions, granularity);
          const all = decodePrimitiveBlock(bytes, 'block 1');
          expect(all).toEqual({
            items: nodes.map((n) => expected(n, withVersions, granularity)),
            left: 0,
          });
          const passing = nodes.filter((n) =>
            n.id % 7 === 0 ? true : Object.fromEntries(n.tags).man_made === 'surveillance',
          );
          expect(decodePrimitiveBlock(bytes, 'block 1', cameras)).toEqual({
            items: passing.map((n) => expected(n, withVersions, granularity)),
            left: nodes.length - passing.length,
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads varints of every length as pbf does, and refuses one past its field', () => {
    const values = [0, 1, 127, 128, 2 ** 28 - 1, 2 ** 28, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1];
    const w = new PbfWriter();
    w.writePackedVarint(1, values);
    const bytes = w.finish();
    // Field key and length first, then the packed numbers.
    const c = new PackedCursor(bytes, 2, bytes.length);
    expect(values.map(() => c.uint())).toEqual(values);
    expect(() => c.uint()).toThrow(PbfFormatError);
    const cut = new PackedCursor(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), 0, 6);
    expect(() => cut.uint()).toThrow(PbfFormatError);
    const long = new PackedCursor(new Uint8Array(11).fill(0xff), 0, 11);
    expect(() => long.uint()).toThrow(/over 10 bytes/);
  });

  it('throws only PbfFormatError when a dense block is cut or flipped anywhere', () => {
    const nodes: Node[] = [
      { id: 5, lat: 1, lon: 2, tags: [['man_made', 'surveillance']] },
      { id: 6, lat: 3, lon: 4, tags: [] },
      { id: 2 ** 40, lat: -5, lon: 6, tags: [['place', 'town']] },
    ];
    const good = denseBlock(nodes, true, 100);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.nat(255), fc.boolean(), (at, value, cut) => {
        const bytes = cut ? good.slice(0, at) : good.slice();
        if (!cut) bytes[at] = value;
        for (const filter of [undefined, cameras])
          try {
            decodePrimitiveBlock(bytes, 'b', filter);
          } catch (e) {
            expect(e).toBeInstanceOf(PbfFormatError);
          }
      }),
      { numRuns: 3000 },
    );
  });
});
