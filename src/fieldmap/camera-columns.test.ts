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

/** A camera's strings as packCameras writes them, one after another. */
function textsOf(r: CameraRecord): string {
  return [r.id, r.maker, r.type, r.operatorType, r.country, r.city, r.dataJson].join('');
}

describe('camera-columns', () => {
  it('gives back the records it packed, field by field (absent, empty and any text kept apart)', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (records) => {
        const packed = packCameras(records);
        // What crosses between threads: two buffers (transferred) and a few strings.
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

  it('splits large batches into texts of at most 60,000 characters, one camera never split', () => {
    const big = record.chain((r) =>
      fc
        .record({ json: fc.string({ maxLength: 40_000 }), id: fc.constantFrom('', 'n1', 'w22') })
        .map(({ json, id }) => ({ ...r, id, dataJson: json })),
    );
    fc.assert(
      fc.property(fc.array(big, { minLength: 1, maxLength: 12 }), (records) => {
        const packed = packCameras(records);
        for (const t of packed.texts)
          if (t.length > 60_000) expect(records.some((r) => t === textsOf(r))).toBe(true);
        expect(unpackCameras(structuredClone(packed))).toEqual(records);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses columns that do not fit together', () => {
    const packed = packCameras([
      { id: 'n1', lat: 1, lon: 2, covered: true, type: 'camera', data: null },
    ]);
    expect(() => unpackCameras({ ...packed, texts: [`${packed.texts.join('')}x`] })).toThrow(
      /texts/,
    );
    expect(() => unpackCameras({ ...packed, texts: [...packed.texts, 'x'] })).toThrow(/texts/);
    expect(() => unpackCameras({ ...packed, count: 2 })).toThrow(/columns/);
  });
});
