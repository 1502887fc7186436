// Real HEIC files, made here with Debian's heif-enc (libheif-examples) from pictures this test
// composes, sent through the report intake as the server runs it: a 641 x 479 pattern (odd sizes,
// which 4:2:0 chroma makes awkward), and scikit-image's astronaut.png (NASA, public domain) carrying
// EXIF with a GPS position and a maker note, which heif-enc copies from its JPEG input into the
// HEIC. The stored photo must be a JPEG of the right size with no metadata, the face boxed out.
// Prints the time to make a 12-megapixel (4000 x 3000) HEIC safe with and without detection.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { reportIntake } from '../server/report-intake.js';
import { regionVariance, type RgbImage } from './redact.js';
import { photoFormatOf } from './sharp-photo.js';
import { jpegMarkers, secrets, withEverything } from './sharp-test-images.js';
import { tfjsFaceDetector } from './tfjs-faces.js';

const astronautPng = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';
const dir = mkdtempSync(join(tmpdir(), 'sousveil-heic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `input` (a JPEG or PNG) encoded as HEIC by heif-enc; fails loudly if heif-enc is missing. */
function heifEnc(input: Buffer, ext: 'jpg' | 'png', name: string): Buffer {
  const from = join(dir, `${name}.${ext}`);
  const to = join(dir, `${name}.heic`);
  writeFileSync(from, input);
  execFileSync('heif-enc', ['-q', '85', '-o', to, from], { stdio: ['ignore', 'ignore', 'pipe'] });
  return readFileSync(to);
}

async function rgb(bytes: Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  return { data, width: info.width, height: info.height };
}

/** A stored photo: a JPEG with frame, tables, scan and JFIF only, none of the secrets inside. */
function expectClean(out: Uint8Array): void {
  const allowed = new Set([0xd8, 0xe0, 0xdb, 0xc0, 0xc2, 0xc4, 0xdd, 0xda]);
  for (const m of jpegMarkers(out))
    expect(allowed.has(m.marker), `marker 0x${m.marker.toString(16)}`).toBe(true);
  const text = Buffer.from(out).toString('latin1');
  for (const f of [...Object.values(secrets), 'Exif', 'GPS', 'http://ns.adobe.com', 'ICC_PROFILE'])
    expect(text.includes(f), f).toBe(false);
}

/** Inner part of the astronaut's face, labelled by hand in the 512 x 512 original. */
const faceInner = { x: 198, y: 101, width: 54, height: 63 };

describe('HEIC reports (heif-enc from libheif-examples)', () => {
  it('stores a composed odd-sized HEIC as a JPEG of the same size', async () => {
    const width = 641;
    const height = 479;
    const raw = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        raw[i] = Math.floor((x * 255) / width);
        raw[i + 1] = Math.floor((y * 255) / height);
        raw[i + 2] = (x >> 5) % 2 === (y >> 5) % 2 ? 230 : 20;
      }
    const png = await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    const heic = heifEnc(png, 'png', 'pattern');
    expect(photoFormatOf(heic)).toBe('heic');
    const safe = await reportIntake().safePhoto(heic);
    expect(safe.info).toMatchObject({ type: 'image/jpeg', width, height, redactions: 0 });
    expectClean(safe.bytes);
    const out = await rgb(safe.bytes);
    // Same picture: the checkerboard's squares where they were, the gradients running the same way.
    const at = (x: number, y: number, c: number): number => out.data[(y * width + x) * 3 + c] ?? -1;
    expect(at(16, 16, 2)).toBeGreaterThan(180);
    expect(at(48, 16, 2)).toBeLessThan(70);
    expect(at(630, 240, 0) - at(10, 240, 0)).toBeGreaterThan(200);
    expect(at(320, 470, 1) - at(320, 8, 1)).toBeGreaterThan(200);
  });

  it('stores astronaut.png sent as HEIC with GPS EXIF: no metadata, the face boxed out', async () => {
    const jpeg = await withEverything(
      await sharp(readFileSync(astronautPng)).jpeg({ quality: 92 }).toBuffer(),
    );
    const heic = heifEnc(jpeg, 'jpg', 'astronaut');
    // heif-enc carried the EXIF over (else this test would prove nothing about metadata).
    const text = heic.toString('latin1');
    expect(text).toContain('Exif');
    expect(text).toContain(secrets.make);
    expect(text).toContain(secrets.maker);
    const exif = (await sharp(jpeg).metadata()).exif;
    expect(
      exif !== undefined && heic.includes(exif.subarray(6)),
      'the whole EXIF (GPS IFD too)',
    ).toBe(true);
    const detect = await tfjsFaceDetector();
    const safe = await reportIntake({ detect }).safePhoto(heic);
    expect(safe.info).toMatchObject({ type: 'image/jpeg', width: 512, height: 512 });
    expect(safe.info.redactions).toBeGreaterThan(0);
    expectClean(safe.bytes);
    const before = regionVariance(
      await rgb(await sharp(readFileSync(astronautPng)).removeAlpha().toBuffer()),
      faceInner,
    );
    const after = regionVariance(await rgb(safe.bytes), faceInner);
    process.stdout.write(
      `astronaut HEIC: face grey variance ${before.toFixed(0)} -> ${after.toFixed(1)}\n`,
    );
    expect(before).toBeGreaterThan(200);
    expect(after).toBeLessThan(10);
  });

  it('makes a 12-megapixel HEIC safe (times printed, not asserted)', async () => {
    const big = await sharp(readFileSync(astronautPng))
      .resize(4000, 3000, { fit: 'fill' })
      .jpeg({ quality: 90 })
      .toBuffer();
    const heic = heifEnc(big, 'jpg', 'big');
    const detect = await tfjsFaceDetector();
    await detect(await rgb(await sharp(big).resize(512).toBuffer()));
    const times: string[] = [];
    for (const [what, intake] of [
      ['without detection', reportIntake()],
      ['with detection', reportIntake({ detect })],
    ] as const) {
      const started = performance.now();
      const safe = await intake.safePhoto(heic);
      times.push(`${what} ${(performance.now() - started).toFixed(0)} ms`);
      expect(safe.info).toMatchObject({ width: 2048, height: 1536 });
    }
    process.stdout.write(
      `12 MP HEIC (4000 x 3000, ${(heic.length / 1e6).toFixed(1)} MB): ${times.join(', ')}\n`,
    );
  }, 300_000);
});
