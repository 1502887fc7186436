import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CameraRecord } from '../store/store.js';
import { packCameras, unpackCameras } from './camera-columns.js';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const record: fc.Arbitrary<CameraRecord> = fc
  .record({
    id: text,
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lon: fc.double({ min: -180, max: 180, noNaN: true }),
    version: fc.option(fc.integer({ min: 1, max: 2 ** 31 }), { nil: undefined }),
    maker: fc.option(text, { nil: undefined }),
    covered: fc.boolean(),
    type: text,
    operatorType: fc.option(text, { nil: undefined }),
    country: fc.option(text, { nil: undefined }),
    city: fc.option(text, { nil: undefined }),
    dataJson: fc.json(),
  })
  .map(({ version, maker, operatorType, country, city, ...r }) => ({
    ...r,
    ...(version === undefined ? {} : { version }),
    ...(maker === undefined ? {} : { maker }),
    ...(operatorType === undefined ? {} : { operatorType }),
    ...(country === undefined ? {} : { country }),
    ...(city === undefined ? {} : { city, cityFromTag: true }),
    data: null,
  }));

describe('camera-columns', () => {
  it('gives back the records it packed, field by field (absent, empty and any text kept apart)', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (records) => {
        const packed = packCameras(records);
        // What crosses between threads: two buffers (transferred) and one string.
        expect(packed.numbers.buffer).toBeInstanceOf(ArrayBuffer);
        expect(unpackCameras(structuredClone(packed))).toEqual(records);
      }),
      { numRuns: 300 },
    );
    const [one] = unpackCameras(
      packCameras([
        { id: 'n1', lat: 1, lon: 2, covered: false, type: '', data: null, dataJson: '' },
      ]),
    );
    expect(one).toEqual({
      id: 'n1',
      lat: 1,
      lon: 2,
      covered: false,
      type: '',
      data: null,
      dataJson: '',
    });
  });

  it('refuses columns that do not fit together', () => {
    const packed = packCameras([
      { id: 'n1', lat: 1, lon: 2, covered: true, type: 'camera', data: null },
    ]);
    expect(() => unpackCameras({ ...packed, text: `${packed.text}x` })).toThrow(/text/);
    expect(() => unpackCameras({ ...packed, count: 2 })).toThrow(/columns/);
  });
});
