// Licence plates found and boxed out: plates drawn with sharp (white or yellow, with or without
// the EU band, made-up characters in DejaVu Sans Bold from fonts-dejavu-core) on a car's rear
// drawn from flat shapes and on public-domain photos from python3-skimage, at several sizes and
// small angles. A plate counts as found when the detected boxes cover at least 80% of it; after
// makePhotoSafe the plate's inner part must be flat (grey variance under 10, as for faces).
// Control photos without plates count false positives. Prints recall, false positives and the
// time the plate search adds to a 12-megapixel photo.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { haarPlateDetector } from './fs-plate-cascade.js';
import {
  carRearSvg,
  plateBox,
  plateFace,
  withPlates,
  type PlacedPlate,
  type PlateStyle,
} from './plate-test-images.js';
import { regionVariance, type Box, type RgbImage } from './redact.js';
import { makePhotoSafe } from './sharp-photo.js';

const skimageData = '/usr/lib/python3/dist-packages/skimage/data';
const file = (name: string): Buffer => readFileSync(`${skimageData}/${name}`);

const styles: PlateStyle[] = [
  { colour: 'white', euBand: true, text: 'AB 123 CD' },
  { colour: 'yellow', euBand: false, text: 'XK-94-LT' },
  { colour: 'white', euBand: false, text: 'M 4827 PQ' },
];

interface Case {
  name: string;
  background: () => Promise<Buffer>;
  plates: PlacedPlate[];
}

const car = (width: number, height: number) => async (): Promise<Buffer> =>
  sharp(Buffer.from(carRearSvg(width, height)))
    .png()
    .toBuffer();
const photo = (name: string, width: number, height: number) => async (): Promise<Buffer> =>
  sharp(file(name)).resize(width, height, { fit: 'fill' }).png().toBuffer();

/** One plate per case: every style on cars and photos, at sizes from 70 to 420 px, turned up to 5°. */
function cases(): Case[] {
  const out: Case[] = [];
  const sizes = [70, 110, 170, 260, 420];
  const angles = [0, -3, 5];
  let i = 0;
  for (const widthPx of sizes)
    for (const angle of angles) {
      const style = styles[i % styles.length] ?? styles[0];
      i++;
      if (style === undefined) continue;
      const onCar = widthPx <= 260;
      const [w, h] = onCar ? [1024, 768] : [2048, 1536];
      out.push({
        name: `${style.colour}${style.euBand ? ' EU' : ''} plate ${widthPx} px at ${angle}° on a car (${w} x ${h})`,
        background: car(w, h),
        plates: [{ style, widthPx, cx: w / 2, cy: Math.round(h * 0.71), angle }],
      });
      const name = ['astronaut.png', 'camera.png', 'coffee.png'][i % 3] ?? 'camera.png';
      out.push({
        name: `${style.colour} plate ${widthPx} px at ${angle}° on ${name} (1024 x 768)`,
        background: photo(name, 1024, 768),
        plates: [{ style, widthPx, cx: 300 + (i % 4) * 120, cy: 520, angle }],
      });
    }
  return out;
}

/**
 * Held out: added after the settings were chosen on cases() and never used to choose them. Other
 * characters, other photos, two plates in one photo, a plate low in a 2048 x 1536 photo.
 */
function heldOut(): Case[] {
  const ru: PlateStyle = { colour: 'white', euBand: false, text: 'K 512 XM 77' };
  const nl: PlateStyle = { colour: 'yellow', euBand: true, text: '52-GHX-7' };
  const be: PlateStyle = { colour: 'white', euBand: true, text: '1-ABC-234' };
  return [
    ...[90, 140, 220].map((widthPx, i) => ({
      name: `${widthPx} px plate on chelsea.png (1024 x 682)`,
      background: photo('chelsea.png', 1024, 682),
      plates: [{ style: [ru, nl, be][i] ?? ru, widthPx, cx: 700, cy: 560, angle: i - 1 }],
    })),
    ...[100, 180, 300].map((widthPx, i) => ({
      name: `${widthPx} px plate on motorcycle_left.png (1024 x 691)`,
      background: photo('motorcycle_left.png', 1024, 691),
      plates: [{ style: [be, ru, nl][i] ?? be, widthPx, cx: 500, cy: 450, angle: 2 - i }],
    })),
    {
      name: 'two plates on rocket.jpg (1280 x 854)',
      background: photo('rocket.jpg', 1280, 854),
      plates: [
        { style: nl, widthPx: 150, cx: 300, cy: 700, angle: 0 },
        { style: ru, widthPx: 200, cx: 900, cy: 650, angle: -2 },
      ],
    },
    {
      name: 'a blue car, plate low in a 2048 x 1536 photo',
      background: async () =>
        sharp(Buffer.from(carRearSvg(2048, 1536, '#1d3f6e')))
          .png()
          .toBuffer(),
      plates: [{ style: be, widthPx: 240, cx: 1024, cy: 1090, angle: 1 }],
    },
  ];
}

/** Photos without plates, for false positives. */
const controls: { name: string; make: () => Promise<Buffer> }[] = [
  ...['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png'].map(
    (name) => ({ name, make: async () => file(name) }),
  ),
  ...['rocket.jpg', 'brick.png', 'grass.png', 'gravel.png', 'text.png'].map((name) => ({
    name,
    make: async () => file(name),
  })),
  { name: 'a car without a plate (1024 x 768)', make: car(1024, 768) },
  // The size a stored photo has: more windows, and textures the cascade may take for plates.
  ...['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png'].map(
    (name) => ({ name: `${name} stretched to 2048 x 1536`, make: photo(name, 2048, 1536) }),
  ),
];

/** The share of `target` covered by the union of `boxes` (counted on a pixel grid). */
function covered(target: Box, boxes: readonly Box[]): number {
  let inside = 0;
  for (let y = target.y; y < target.y + target.height; y++)
    for (let x = target.x; x < target.x + target.width; x++)
      if (boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height))
        inside++;
  return inside / (target.width * target.height);
}

const inner = (b: Box, keep: number): Box => ({
  x: Math.round(b.x + (b.width * (1 - keep)) / 2),
  y: Math.round(b.y + (b.height * (1 - keep)) / 2),
  width: Math.round(b.width * keep),
  height: Math.round(b.height * keep),
});

async function rgb(bytes: Buffer | Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const load = (): string =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`;

/** Plates found (covered 80% and flat after makePhotoSafe) in `list`, each printed. */
async function recall(list: Case[]): Promise<{ found: number; total: number; extra: number }> {
  const detect = haarPlateDetector();
  let found = 0;
  let total = 0;
  let extra = 0;
  for (const c of list) {
    const input = await withPlates(await c.background(), c.plates);
    const image = await rgb(input);
    let boxes: Box[] = [];
    const safe = await makePhotoSafe(input, async (decoded) => (boxes = await detect(decoded)));
    const after = await rgb(safe.bytes);
    const targets = c.plates.map(plateBox);
    extra += boxes.filter((b) => targets.every((t) => covered(b, [t]) === 0)).length;
    for (const p of c.plates) {
      total++;
      const share = covered(plateBox(p), boxes);
      // The middle of the plate: inside the plate whatever its angle.
      const middle = inner(plateFace(p), p.angle === 0 ? 0.8 : 0.5);
      const before = regionVariance(image, middle);
      const left = regionVariance(after, middle);
      const hit = share >= 0.8 && left < 10;
      if (hit) found++;
      process.stdout.write(
        `${hit ? 'found' : 'MISSED'}: ${c.name}: covered ${(share * 100).toFixed(0)}%, grey variance ${before.toFixed(0)} -> ${left.toFixed(1)}, ${boxes.length} box(es)\n`,
      );
      expect(before).toBeGreaterThan(200);
    }
  }
  return { found, total, extra };
}

describe('plate detection (OpenCV cascade, composed photos)', () => {
  it('finds the plates the settings were chosen on, and boxes them out', async () => {
    const r = await recall(cases());
    process.stdout.write(
      `plate recall (tuning set): ${r.found}/${r.total}; ${r.extra} box(es) away from any plate\n`,
    );
    expect(r.found).toBeGreaterThanOrEqual(TUNING_RECALL_FLOOR);
  }, 600_000);

  it('finds held-out plates, and boxes them out', async () => {
    const r = await recall(heldOut());
    process.stdout.write(
      `plate recall (held out): ${r.found}/${r.total}; ${r.extra} box(es) away from any plate\n`,
    );
    expect(r.found).toBeGreaterThanOrEqual(HELD_OUT_RECALL_FLOOR);
  }, 600_000);

  it('counts boxes on photos without plates (false positives)', async () => {
    const detect = haarPlateDetector();
    let falsePositives = 0;
    for (const c of controls) {
      const image = await rgb(await c.make());
      const boxes = await detect(image);
      falsePositives += boxes.length;
      process.stdout.write(
        `${c.name} (${image.width} x ${image.height}): ${boxes.length} box(es) ${JSON.stringify(boxes.map((b) => [b.x, b.y, b.width, b.height].map(Math.round)))}\n`,
      );
    }
    process.stdout.write(`false positives: ${falsePositives} on ${controls.length} photos\n`);
    expect(falsePositives).toBeLessThanOrEqual(FALSE_POSITIVE_CEILING);
  }, 600_000);

  it('adds a bounded time to a 12-megapixel photo (printed with the machine load)', async () => {
    const detect = haarPlateDetector();
    const plate: PlacedPlate = {
      style: styles[0] ?? { colour: 'white', euBand: true, text: 'AB 123 CD' },
      widthPx: 520,
      cx: 2000,
      cy: 2150,
      angle: 0,
    };
    const big = await withPlates(
      await sharp(file('coffee.png')).resize(4000, 3000, { fit: 'fill' }).png().toBuffer(),
      [plate],
    );
    const started = performance.now();
    await makePhotoSafe(big);
    const plain = performance.now() - started;
    const again = performance.now();
    const safe = await makePhotoSafe(big, detect);
    const withPlatesMs = performance.now() - again;
    process.stdout.write(
      `12 MP (4000 x 3000): ${plain.toFixed(0)} ms without detection, ${withPlatesMs.toFixed(0)} ms with the plate search (${(withPlatesMs - plain).toFixed(0)} ms added), ${safe.info.redactions} box(es); ${load()}\n`,
    );
    expect(safe.info.redactions).toBeGreaterThan(0);
  }, 300_000);
});

/** Measured on this suite (see the printed figures); a drop below is a regression. */
const TUNING_RECALL_FLOOR = 27; // of 30; 28 measured
const HELD_OUT_RECALL_FLOOR = 8; // of 9; 9 measured
const FALSE_POSITIVE_CEILING = 12; // on 16 photos; 10 measured
