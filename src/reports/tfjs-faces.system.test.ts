// Faces found and boxed out on public-domain portraits from Debian's python3-skimage:
// astronaut.png (NASA, Eileen Collins) and camera.png (the cameraman), each face labelled by
// hand here. A face counts as found when the detected boxes cover at least half of its label;
// after makePhotoSafe the inner part of the label must be flat (its grey variance near zero).
// Prints the detector's recall and the time to make a 12-megapixel photo safe.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { regionVariance, type Box, type RgbImage } from './redact.js';
import { makePhotoSafe } from './sharp-photo.js';
import { tfjsFaceDetector } from './tfjs-faces.js';

const skimageData = '/usr/lib/python3/dist-packages/skimage/data';

interface Case {
  name: string;
  make: () => Promise<Buffer>;
  faces: Box[];
}

const file = (name: string): Buffer => readFileSync(`${skimageData}/${name}`);

/** The portrait scaled to `size` px and pasted at (x, y) into a grey `width` × `height` photo. */
async function pasted(
  name: string,
  size: number,
  x: number,
  y: number,
  width: number,
  height: number,
): Promise<Buffer> {
  const small = await sharp(file(name)).resize(size, size).toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#8a8f96' } })
    .composite([{ input: small, left: x, top: y }])
    .jpeg()
    .toBuffer();
}

const scaleBox = (b: Box, k: number, dx = 0, dy = 0): Box => ({
  x: Math.round(b.x * k + dx),
  y: Math.round(b.y * k + dy),
  width: Math.round(b.width * k),
  height: Math.round(b.height * k),
});

/** Hand-labelled faces in the 512 × 512 originals. */
const astronautFace: Box = { x: 180, y: 80, width: 90, height: 105 };
const cameramanFace: Box = { x: 180, y: 115, width: 75, height: 85 };

const cases: Case[] = [
  { name: 'astronaut.png', make: async () => file('astronaut.png'), faces: [astronautFace] },
  { name: 'camera.png', make: async () => file('camera.png'), faces: [cameramanFace] },
  {
    name: 'astronaut, 300 px, in a 2048 x 1536 photo',
    make: () => pasted('astronaut.png', 300, 1400, 900, 2048, 1536),
    faces: [scaleBox(astronautFace, 300 / 512, 1400, 900)],
  },
  {
    name: 'cameraman, 400 px, in a 2048 x 1536 photo',
    make: () => pasted('camera.png', 400, 200, 300, 2048, 1536),
    faces: [scaleBox(cameramanFace, 400 / 512, 200, 300)],
  },
];

/** The share of `face` covered by the union of `boxes` (counted on a pixel grid). */
function covered(face: Box, boxes: readonly Box[]): number {
  let inside = 0;
  for (let y = face.y; y < face.y + face.height; y++)
    for (let x = face.x; x < face.x + face.width; x++)
      if (boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height))
        inside++;
  return inside / (face.width * face.height);
}

const inner = (b: Box): Box => ({
  x: Math.round(b.x + b.width * 0.2),
  y: Math.round(b.y + b.height * 0.2),
  width: Math.round(b.width * 0.6),
  height: Math.round(b.height * 0.6),
});

async function rgb(bytes: Buffer | Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('face detection (python3-skimage portraits)', () => {
  it('finds the labelled faces, and boxes them out of the stored photo', async () => {
    const detect = await tfjsFaceDetector();
    let found = 0;
    let total = 0;
    for (const c of cases) {
      const input = await c.make();
      const image = await rgb(input);
      const boxes = await detect(image);
      const safe = await makePhotoSafe(input, detect);
      const after = await rgb(safe.bytes);
      for (const face of c.faces) {
        total++;
        const share = covered(face, boxes);
        const before = regionVariance(image, inner(face));
        const left = regionVariance(after, inner(face));
        process.stdout.write(
          `${c.name}: face covered ${(share * 100).toFixed(0)}%, grey variance ${before.toFixed(0)} -> ${left.toFixed(1)}\n`,
        );
        if (share >= 0.5) found++;
        expect(before).toBeGreaterThan(200);
        expect(left).toBeLessThan(10);
      }
    }
    process.stdout.write(`detector recall: ${found}/${total}\n`);
    expect(found).toBe(total);
  });

  it('makes a 12-megapixel photo safe (the time is printed, not asserted)', async () => {
    const detect = await tfjsFaceDetector();
    await detect(await rgb(file('astronaut.png')));
    const big = await sharp(file('astronaut.png'))
      .resize(4000, 3000, { fit: 'fill' })
      .jpeg({ quality: 90 })
      .toBuffer();
    const started = performance.now();
    const safe = await makePhotoSafe(big, detect);
    const ms = performance.now() - started;
    process.stdout.write(
      `12 MP (4000 x 3000, ${(big.length / 1e6).toFixed(1)} MB JPEG): ${ms.toFixed(0)} ms, ${safe.info.redactions} region(s) boxed, stored ${safe.info.width} x ${safe.info.height}, ${(safe.info.bytes / 1e3).toFixed(0)} kB\n`,
    );
    expect(safe.info.redactions).toBeGreaterThan(0);
  });
});
