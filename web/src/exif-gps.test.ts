import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifGps, jpegWithEverything, noise } from '../../src/reports/sharp-test-images.js';
import { readExifGps } from './exif-gps.js';

const dms = ([d, m, s]: readonly number[]) => (d ?? 0) + (m ?? 0) / 60 + (s ?? 0) / 3600;

/** A big-endian EXIF block: IFD0 with only a GPS pointer, then the GPS IFD and its rationals. */
function bigEndianExif(latRef: string, lat: number[][], lonRef: string, lon: number[][]): Buffer {
  const tiff = Buffer.alloc(8 + 18 + 2 + 4 * 12 + 4 + 48);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8825, 10);
  tiff.writeUInt16BE(4, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  const gps = 26;
  const values = gps + 2 + 4 * 12 + 4;
  tiff.writeUInt16BE(4, gps);
  const entry = (i: number, tag: number, type: number, count: number) => {
    const o = gps + 2 + 12 * i;
    tiff.writeUInt16BE(tag, o);
    tiff.writeUInt16BE(type, o + 2);
    tiff.writeUInt32BE(count, o + 4);
    return o + 8;
  };
  tiff.write(latRef, entry(0, 1, 2, 2), 'latin1');
  tiff.writeUInt32BE(values, entry(1, 2, 5, 3));
  tiff.write(lonRef, entry(2, 3, 2, 2), 'latin1');
  tiff.writeUInt32BE(values + 24, entry(3, 4, 5, 3));
  [...lat, ...lon].forEach(([num, den], i) => {
    tiff.writeUInt32BE(num ?? 0, values + 8 * i);
    tiff.writeUInt32BE(den ?? 0, values + 8 * i + 4);
  });
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 4);
  return Buffer.concat([head, payload, Buffer.from([0xff, 0xda, 0, 2, 0xff, 0xd9])]);
}

describe('readExifGps', () => {
  it('reads the position of a camera-like photo (little-endian EXIF among XMP, IPTC, ICC)', async () => {
    const gps = readExifGps(await jpegWithEverything(64, 48));
    expect(gps.ok).toBe(true);
    if (!gps.ok) return;
    expect(gps.lat).toBeCloseTo(dms(exifGps.lat), 9);
    expect(gps.lon).toBeCloseTo(dms(exifGps.lon), 9);
  });

  it('reads big-endian EXIF, south and west', () => {
    const gps = readExifGps(
      bigEndianExif(
        'S',
        [
          [33, 1],
          [52, 1],
          [3015, 100],
        ],
        'W',
        [
          [70, 1],
          [39, 1],
          [0, 1],
        ],
      ),
    );
    expect(gps).toEqual({ ok: true, lat: -dms([33, 52, 30.15]), lon: -dms([70, 39, 0]) });
  });

  it.each([
    ['not a JPEG', Buffer.from('GIF89a........'), 'not a JPEG'],
    [
      'a zero denominator',
      bigEndianExif(
        'N',
        [
          [1, 0],
          [0, 1],
          [0, 1],
        ],
        'E',
        [
          [1, 1],
          [0, 1],
          [0, 1],
        ],
      ),
      'incomplete',
    ],
    [
      'no reference',
      bigEndianExif(
        'X',
        [
          [1, 1],
          [0, 1],
          [0, 1],
        ],
        'E',
        [
          [1, 1],
          [0, 1],
          [0, 1],
        ],
      ),
      'N/S',
    ],
    [
      'a latitude over 90°',
      bigEndianExif(
        'N',
        [
          [91, 1],
          [0, 1],
          [0, 1],
        ],
        'E',
        [
          [1, 1],
          [0, 1],
          [0, 1],
        ],
      ),
      'out of range',
    ],
  ])('says why there is no position: %s', (_what, bytes, why) => {
    const gps = readExifGps(bytes);
    expect(gps.ok).toBe(false);
    if (!gps.ok) expect(gps.reason).toContain(why);
  });

  it('finds none in a JPEG without EXIF', async () => {
    const plain = await sharp(noise(16, 16), { raw: { width: 16, height: 16, channels: 3 } })
      .jpeg()
      .toBuffer();
    expect(readExifGps(plain)).toEqual({ ok: false, reason: 'no EXIF GPS position in this photo' });
  });

  it('never throws, on cut, changed or random bytes', async () => {
    const good = await jpegWithEverything(32, 24);
    fc.assert(
      fc.property(
        fc.nat({ max: 2000 }),
        fc.array(fc.tuple(fc.nat({ max: 2000 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.uint8Array({ maxLength: 300 }),
        (cut, changes, random) => {
          const changed = Uint8Array.from(good.subarray(0, Math.max(2, good.length - cut)));
          for (const [i, v] of changes) if (i < changed.length) changed[i] = v;
          for (const bytes of [changed, Uint8Array.from([0xff, 0xd8, ...random])]) {
            const gps = readExifGps(bytes);
            if (gps.ok) expect(Math.abs(gps.lat) <= 90 && Math.abs(gps.lon) <= 180).toBe(true);
            else expect(gps.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
