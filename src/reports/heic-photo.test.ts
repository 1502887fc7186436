// HEIC photos through makePhotoSafe, from a fixture made for these tests: testdata/small-96x64.heic
// is a 96 x 64 pattern (red = 2x, green = 3y, blue = x XOR y) composed by sousveil and encoded
// with Debian's `heif-enc -q 60` (libheif 1.15.1). The system test makes larger ones on the spot.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TooLargeError, UserError } from '../shared/errors.js';
import { decodeHeic } from './libheif-decode.js';
import { defaultPhotoLimits, makePhotoSafe, photoFormatOf } from './sharp-photo.js';

const fixture = readFileSync(new URL('./testdata/small-96x64.heic', import.meta.url));

/** One line, naming the photo and what is wrong with it. */
function expectOneLine(e: unknown, kind: typeof UserError | typeof TooLargeError): void {
  expect(e).toBeInstanceOf(kind);
  const message = (e as Error).message;
  expect(message).toMatch(/^photo: /);
  expect(message).not.toContain('\n');
  expect(message.length).toBeLessThan(240);
}

describe('HEIC photos', () => {
  it('decodes the fixture and stores it as a JPEG of the same size', async () => {
    expect(photoFormatOf(fixture)).toBe('heic');
    const safe = await makePhotoSafe(fixture);
    expect(safe.info).toMatchObject({ type: 'image/jpeg', width: 96, height: 64 });
    const { data, info } = await sharp(safe.bytes).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([96, 64, 3]);
    // The pattern survives two lossy encodings roughly: red grows to the right, green downwards.
    const at = (x: number, y: number, c: number): number => data[(y * 96 + x) * 3 + c] ?? -1;
    expect(at(90, 32, 0) - at(5, 32, 0)).toBeGreaterThan(120);
    expect(at(48, 60, 1) - at(48, 3, 1)).toBeGreaterThan(120);
  });

  it('reads the size from the header and refuses before decoding when it is over the limit', async () => {
    const e = await makePhotoSafe(fixture, undefined, {
      ...defaultPhotoLimits,
      maxInputPixels: 96 * 64 - 1,
    }).catch((x: unknown) => x);
    expectOneLine(e, TooLargeError);
    expect((e as Error).message).toContain('megapixels');
  });

  it('refuses a cut or flipped HEIC with a one-line UserError, and still decodes after', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 0,
          maxLength: 12,
        }),
        fc.nat(),
        async (edits, cut) => {
          // The `ftyp` box stays, so every case reaches the HEIC decoder.
          const broken = Buffer.from(fixture.subarray(0, 24 + (cut % (fixture.length - 23))));
          for (const [at, v] of edits) broken[24 + (at % (broken.length - 24))] = v;
          try {
            await makePhotoSafe(broken);
          } catch (e) {
            if (e instanceof TooLargeError) expectOneLine(e, TooLargeError);
            else expectOneLine(e, UserError);
          }
        },
      ),
      { numRuns: 150 },
    );
    // A broken file leaves nothing behind in the decoder.
    expect((await decodeHeic(fixture, 1e6)).width).toBe(96);
  });

  it('names the HEIC in the error of a truncated file', async () => {
    const e = await makePhotoSafe(fixture.subarray(0, fixture.length >> 1)).catch(
      (x: unknown) => x,
    );
    expectOneLine(e, UserError);
    expect((e as Error).message).toContain('HEIC');
    expect((e as Error).message).toMatch(/end of file|file bounds/i);
  });
});
