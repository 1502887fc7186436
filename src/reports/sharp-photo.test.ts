import fc from 'fast-check';
import sharp, { type OutputInfo } from 'sharp';
import { describe, expect, it } from 'vitest';
import { TooLargeError, UserError } from '../shared/errors.js';
import type { Box } from './redact.js';
import { regionVariance } from './redact.js';
import { defaultPhotoLimits, makePhotoSafe, photoFormatOf } from './sharp-photo.js';
import {
  jpegMarkers,
  jpegWithEverything,
  jpegWithHiddenThumbnails,
  noise,
  pngChunks,
  pngWithEverything,
  secrets,
  webpWithEverything,
} from './sharp-test-images.js';

/** Segments a made-safe JPEG may hold before its scan: frame, tables, scan, JFIF. */
const allowed = new Set([0xd8, 0xe0, 0xdb, 0xc0, 0xc2, 0xc4, 0xdd, 0xda]);

/** Everything that must not survive: each mark, and the signatures of metadata blocks. */
const forbidden = [
  ...Object.values(secrets),
  'Exif',
  'http://ns.adobe.com',
  'ICC_PROFILE',
  'Photoshop',
  '8BIM',
  'GPS',
];

function expectClean(out: Uint8Array): void {
  const markers = jpegMarkers(out);
  for (const m of markers)
    expect(allowed.has(m.marker), `marker 0x${m.marker.toString(16)}`).toBe(true);
  // A JFIF header may carry a thumbnail of its own: its size bytes must be zero.
  const jfif = markers.find((m) => m.marker === 0xe0);
  if (jfif !== undefined) expect(jfif.head.startsWith('JFIF\0')).toBe(true);
  const text = Buffer.from(out).toString('latin1');
  for (const f of forbidden) expect(text.includes(f), f).toBe(false);
  // One image only: no second start-of-image anywhere (an embedded thumbnail has one).
  expect(Buffer.from(out).indexOf(Buffer.from([0xff, 0xd8, 0xff]), 2)).toBe(-1);
}

describe('makePhotoSafe', () => {
  it('the composed inputs do carry every kind of metadata (else the tests below prove nothing)', async () => {
    const jpeg = await jpegWithEverything();
    const markers = jpegMarkers(jpeg).map((m) => `${m.marker.toString(16)}:${m.head.slice(0, 4)}`);
    expect(markers).toEqual(
      expect.arrayContaining(['e1:Exif', 'e1:http', 'e2:ICC_', 'ed:Phot', 'fe:COM-']),
    );
    const meta = await sharp(jpeg).metadata();
    expect([
      meta.exif !== undefined,
      meta.icc !== undefined,
      meta.xmp !== undefined,
      meta.iptc !== undefined,
    ]).toEqual([true, true, true, true]);
    // The EXIF's embedded thumbnail is a second JPEG inside the first.
    expect(jpeg.indexOf(Buffer.from([0xff, 0xd8, 0xff]), 2)).toBeGreaterThan(0);
    expect(pngChunks(await pngWithEverything())).toEqual(
      expect.arrayContaining(['tEXt', 'eXIf', 'iCCP']),
    );
    const webp = await sharp(await webpWithEverything()).metadata();
    expect([webp.exif !== undefined, webp.icc !== undefined, webp.xmp !== undefined]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it.each([
    ['JPEG with EXIF GPS, maker note, thumbnail, XMP, IPTC, ICC, comment', jpegWithEverything],
    ['PNG with eXIf, iCCP, tEXt', pngWithEverything],
    ['WebP with EXIF, XMP, ICC', webpWithEverything],
  ])('%s: keeps only pixels', async (_what, make) => {
    const input = await make();
    const safe = await makePhotoSafe(input);
    expectClean(safe.bytes);
    const meta = await sharp(safe.bytes).metadata();
    expect(meta).toMatchObject({
      format: 'jpeg',
      width: safe.info.width,
      height: safe.info.height,
    });
    expect([meta.exif, meta.icc, meta.xmp, meta.iptc, meta.comments]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(safe.info).toMatchObject({
      type: 'image/jpeg',
      bytes: safe.bytes.length,
      redactions: 0,
    });
    expect(safe.info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('drops thumbnails hidden in a JFIF extension, an MPF index and a second image after EOI', async () => {
    const input = await jpegWithHiddenThumbnails();
    // Four JPEGs inside the input: the photo, the EXIF thumbnail, the JFXX one, the appended one.
    let starts = 0;
    for (
      let at = input.indexOf(Buffer.from([0xff, 0xd8, 0xff]));
      at >= 0;
      at = input.indexOf(Buffer.from([0xff, 0xd8, 0xff]), at + 1)
    )
      starts++;
    expect(starts).toBe(4);
    expect(input.toString('latin1')).toContain('JFXX');
    const safe = await makePhotoSafe(input);
    expectClean(safe.bytes);
    expect(Buffer.from(safe.bytes).toString('latin1')).not.toMatch(/JFXX|MPF/);
    // Nothing after the image's end.
    expect([...safe.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
  });

  it('refuses anything made of a broken photo with a UserError or TooLargeError only', async () => {
    const valid = await jpegWithEverything(64, 48);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.nat(),
        async (edits, cut) => {
          const broken = Buffer.from(valid.subarray(0, Math.max(3, cut % (valid.length + 1))));
          for (const [at, v] of edits) broken[at % broken.length] = v;
          try {
            await makePhotoSafe(broken);
          } catch (e) {
            if (!(e instanceof UserError || e instanceof TooLargeError)) throw e;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('turns the picture upright by its EXIF orientation before the tag goes', async () => {
    const input = await sharp(noise(40, 20), { raw: { width: 40, height: 20, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const safe = await makePhotoSafe(input);
    expect([safe.info.width, safe.info.height]).toEqual([20, 40]);
  });

  it('scales large photos down to the longest side allowed', async () => {
    const input = await sharp(noise(600, 300), { raw: { width: 600, height: 300, channels: 3 } })
      .png()
      .toBuffer();
    const safe = await makePhotoSafe(input, undefined, { ...defaultPhotoLimits, maxEdgePx: 256 });
    expect([safe.info.width, safe.info.height]).toEqual([256, 128]);
  });

  it('boxes out what the detector finds, so the region is flat', async () => {
    const input = await sharp(noise(200, 200), { raw: { width: 200, height: 200, channels: 3 } })
      .png()
      .toBuffer();
    const box: Box = { x: 60, y: 50, width: 60, height: 70 };
    const safe = await makePhotoSafe(input, async () => [box]);
    expect(safe.info.redactions).toBe(1);
    const before = await sharp(input).raw().toBuffer({ resolveWithObject: true });
    const after = await sharp(safe.bytes).raw().toBuffer({ resolveWithObject: true });
    const varianceOf = (r: { data: Buffer; info: OutputInfo }): number =>
      regionVariance({ data: r.data, width: r.info.width, height: r.info.height }, box);
    expect(varianceOf(before)).toBeGreaterThan(1000);
    // JPEG ringing at the edges only: inside, a flat grey.
    expect(varianceOf(after)).toBeLessThan(5);
  });

  it.each([
    [
      'random bytes',
      Buffer.from('not an image at all, just text'),
      'not a JPEG, PNG, WebP or HEIC',
    ],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'not a JPEG, PNG, WebP or HEIC'],
    [
      'an HEIC header alone',
      Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'),
      'HEIC cannot be decoded',
    ],
    [
      'a JPEG signature over junk',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]),
      'cannot be decoded',
    ],
  ])('refuses %s as a UserError', async (_what, input, why) => {
    const e = await makePhotoSafe(input).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain(why);
  });

  it('refuses a truncated JPEG', async () => {
    const whole = await jpegWithEverything();
    const e = await makePhotoSafe(whole.subarray(0, Math.floor(whole.length * 0.7))).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(UserError);
  });

  it('refuses a photo over the pixel limit as too large', async () => {
    const input = await sharp(noise(100, 100), { raw: { width: 100, height: 100, channels: 3 } })
      .png()
      .toBuffer();
    const e = await makePhotoSafe(input, undefined, {
      ...defaultPhotoLimits,
      maxInputPixels: 5000,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TooLargeError);
    expect((e as Error).message).toContain('megapixels');
  });

  it('recognises formats by their first bytes', () => {
    expect(photoFormatOf(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpeg');
    expect(photoFormatOf(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toBe('png');
    expect(photoFormatOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(photoFormatOf(Buffer.from('\0\0\0\x1cftypavif', 'latin1'))).toBe('avif');
    expect(photoFormatOf(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});
