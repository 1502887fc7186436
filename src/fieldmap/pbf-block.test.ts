import fc from 'fast-check';
import { PbfWriter } from 'pbf';
import { describe, expect, it } from 'vitest';
import { decodePrimitiveBlock, type BlockFilter } from './pbf-block.js';
import { checkHeaderBlock, parseBlob, parseBlobHeader } from './pbf-file.js';
import { PbfFormatError } from './pbf-wire.js';
import { message, primitiveBlock } from './testdata/pbf-writer.js';

/** A PrimitiveBlock as osmium writes one: a string table, dense nodes with tags, a way. */
function block(): Uint8Array {
  const strings = [
    '',
    'man_made',
    'surveillance',
    'place',
    'city',
    'name',
    'Nis',
    'shop',
    'bakery',
  ];
  const w = primitiveBlock(strings, [
    (group) =>
      message(group, 2, (d) => {
        // ids 10, 11, 12, 13; positions in units of 100 nanodegrees (granularity 100).
        d.writePackedSVarint(1, [10, 1, 1, 1]);
        message(d, 5, (info) => {
          info.writePackedVarint(1, [3, 1, 2, 7]);
          // uid and user_sid: present in the file, never read.
          info.writePackedSVarint(4, [4242, 0, 0, 0]);
        });
        d.writePackedSVarint(8, [433_000_000, 10, 10, 10]);
        d.writePackedSVarint(9, [219_000_000, -10, -10, -10]);
        // node 10: a camera; 11: untagged; 12: a place; 13: a shop.
        d.writePackedVarint(10, [1, 2, 0, 0, 3, 4, 5, 6, 0, 7, 8, 0]);
      }),
    (group) =>
      message(group, 3, (way) => {
        way.writeVarintField(1, 500);
        way.writePackedVarint(2, [1]);
        way.writePackedVarint(3, [2]);
        way.writePackedSVarint(8, [10, 1, 1]);
      }),
  ]);
  return w.finish();
}

const importLike: BlockFilter = {
  keys: ['man_made', 'place'],
  wanted: (type, tags) =>
    tags.man_made === 'surveillance' || (type === 'node' && tags.place !== undefined),
  keep: (type, id) => type === 'node' && id === 11,
};

describe('pbf-block', () => {
  it('decodes dense nodes and ways: ids, positions, tags, versions', () => {
    const { items, left } = decodePrimitiveBlock(block(), 'block 2');
    expect(left).toBe(0);
    expect(items).toEqual([
      {
        type: 'node',
        id: 10,
        lat: 43.3,
        lon: 21.9,
        version: 3,
        tags: { man_made: 'surveillance' },
        position: 'block 2',
      },
      {
        type: 'node',
        id: 11,
        lat: 43.300001,
        lon: 21.899999,
        version: 1,
        tags: {},
        position: 'block 2',
      },
      {
        type: 'node',
        id: 12,
        lat: 43.300002,
        lon: 21.899998,
        version: 2,
        tags: { place: 'city', name: 'Nis' },
        position: 'block 2',
      },
      {
        type: 'node',
        id: 13,
        lat: 43.300003,
        lon: 21.899997,
        version: 7,
        tags: { shop: 'bakery' },
        position: 'block 2',
      },
      {
        type: 'way',
        id: 500,
        refs: [10, 11, 12],
        tags: { man_made: 'surveillance' },
        position: 'block 2',
      },
    ]);
  });

  it('passes what the filter wants or keeps, and counts the rest', () => {
    const { items, left } = decodePrimitiveBlock(block(), 'block 2', importLike);
    expect(items.map((e) => ('id' in e ? e.id : 0))).toEqual([10, 11, 12, 500]);
    expect(left).toBe(1);
  });

  it('reads blob headers and blobs, and refuses unknown required features', () => {
    const h = new PbfWriter();
    h.writeStringField(1, 'OSMData');
    h.writeVarintField(3, 1234);
    expect(parseBlobHeader(h.finish())).toEqual({ type: 'OSMData', dataSize: 1234 });
    const b = new PbfWriter();
    b.writeVarintField(2, 5);
    b.writeBytesField(3, new Uint8Array([1, 2, 3]));
    expect(parseBlob(b.finish())).toMatchObject({ kind: 'zlib', rawSize: 5 });
    const z = new PbfWriter();
    z.writeBytesField(7, new Uint8Array([1]));
    expect(parseBlob(z.finish())).toEqual({ kind: 'unsupported', compression: 'zstd' });
    const hb = new PbfWriter();
    hb.writeStringField(4, 'OsmSchema-V0.6');
    hb.writeStringField(4, 'DenseNodes');
    expect(() => checkHeaderBlock(hb.finish())).not.toThrow();
    hb.writeStringField(4, 'Has_Metadata_From_The_Future');
    expect(() => checkHeaderBlock(hb.finish())).toThrow(/Has_Metadata_From_The_Future/);
  });

  it('throws only PbfFormatError on any bytes (random, and a good block cut or flipped)', () => {
    const good = block();
    const total = (bytes: Uint8Array): void => {
      for (const decode of [
        () => decodePrimitiveBlock(bytes, 'b', importLike),
        () => decodePrimitiveBlock(bytes, 'b'),
        () => parseBlob(bytes),
        () => parseBlobHeader(bytes),
        () => checkHeaderBlock(bytes),
      ])
        try {
          decode();
        } catch (e) {
          expect(e).toBeInstanceOf(PbfFormatError);
        }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => total(bytes)),
      {
        numRuns: 2000,
      },
    );
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.nat(255), fc.boolean(), (at, value, cut) => {
        const bytes = cut ? good.slice(0, at) : good.slice();
        if (!cut) bytes[at] = value;
        total(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
