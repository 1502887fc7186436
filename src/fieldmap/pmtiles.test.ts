import fc from 'fast-check';
import { PMTiles, zxyToTileId, type RangeResponse, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { buildPmtiles, solidPng, squareMvt } from './pmtiles-builder.js';
import { parseDirectory, parsePmtilesHeader, tileIdOf } from './pmtiles.js';

const tiles = [
  { z: 0, x: 0, y: 0, data: squareMvt('water') },
  { z: 1, x: 1, y: 0, data: squareMvt('water') },
];

describe('PMTiles v3 header', () => {
  it('reads what the builder wrote', () => {
    const bytes = buildPmtiles({ tileType: 'mvt', tiles, metadata: { name: 't' } });
    const h = parsePmtilesHeader(bytes, 'a.pmtiles');
    expect(h).toMatchObject({
      rootOffset: 127,
      tileType: 'mvt',
      minZoom: 0,
      maxZoom: 1,
      internalCompression: 'none',
      tileCompression: 'none',
      addressedTiles: 2,
    });
    expect(h.bounds).toEqual([-180, -85, 180, 85]);
    const dir = parseDirectory(bytes.subarray(h.rootOffset, h.rootOffset + h.rootLength), 'a');
    expect(dir.map((e) => e.tileId)).toEqual([0, tileIdOf(1, 1, 0)]);
    expect(dir[1]?.offset).toBe(tiles[0]?.data.length);
    const meta = bytes.subarray(h.metadataOffset, h.metadataOffset + h.metadataLength);
    expect(JSON.parse(new TextDecoder().decode(meta))).toEqual({ name: 't' });
  });

  it('names the file and what is wrong: not PMTiles, version 2, version 4', () => {
    expect(() => parsePmtilesHeader(new TextEncoder().encode('<html>'), 'x.pmtiles')).toThrow(
      'x.pmtiles: not a PMTiles file (it does not start with "PMTiles")',
    );
    expect(() => parsePmtilesHeader(Uint8Array.from([0x50, 0x4d, 2, 0, 0, 0]), 'v2')).toThrow(
      'v2: PMTiles version 2 is not supported; sousveil reads version 3',
    );
    const v4 = buildPmtiles({ tileType: 'png', tiles, version: 4 });
    expect(() => parsePmtilesHeader(v4, 'v4')).toThrow('v4: PMTiles version 4 is not supported');
    expect(() => parsePmtilesHeader(v4.subarray(0, 50), 'short')).toThrow('cut short');
  });

  it('numbers tiles along the Hilbert curves of each zoom (spec: z0 is 0, z1 is 1-4)', () => {
    expect(tileIdOf(0, 0, 0)).toBe(0);
    expect([tileIdOf(1, 0, 0), tileIdOf(1, 0, 1), tileIdOf(1, 1, 1), tileIdOf(1, 1, 0)]).toEqual([
      1, 2, 3, 4,
    ]);
    const z3 = new Set<number>();
    for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) z3.add(tileIdOf(3, x, y));
    expect(Math.min(...z3)).toBe(21);
    expect(Math.max(...z3)).toBe(84);
    expect(z3.size).toBe(64);
  });

  it('agrees with the maintained reader (the `pmtiles` package) on tile ids and tiles', async () => {
    for (const [z, x, y] of [
      [2, 3, 1],
      [5, 17, 30],
      [12, 2200, 1343],
    ] as const)
      expect(tileIdOf(z, x, y)).toBe(zxyToTileId(z, x, y));
    const bytes = buildPmtiles({ tileType: 'mvt', tiles, metadata: { name: 't' } });
    const memory: Source = {
      getKey: () => 'memory',
      getBytes: async (offset: number, length: number): Promise<RangeResponse> => ({
        data: bytes.slice(offset, offset + length).buffer,
      }),
    };
    const reader = new PMTiles(memory);
    expect((await reader.getHeader()).maxZoom).toBe(1);
    const tile = await reader.getZxy(1, 1, 0);
    expect([...new Uint8Array(tile?.data ?? new ArrayBuffer(0))]).toEqual([...squareMvt('water')]);
    expect(await reader.getZxy(1, 0, 0)).toBeUndefined();
    expect(await reader.getMetadata()).toEqual({ name: 't' });
  });

  it('writes a PNG tile with the PNG signature and an IEND chunk', () => {
    const png = solidPng([10, 20, 30], 8);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(new TextDecoder().decode(png.subarray(png.length - 8, png.length - 4))).toBe('IEND');
  });

  it('throws only ParseError on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, magic) => {
        const input = magic
          ? Uint8Array.from([...new TextEncoder().encode('PMTiles'), 3, ...bytes])
          : bytes;
        for (const read of [() => parsePmtilesHeader(input, 'f'), () => parseDirectory(input, 'f')])
          try {
            read();
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
          }
      }),
    );
  });
});
