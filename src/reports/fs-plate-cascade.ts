// Licence-plate detection with OpenCV's Haar cascade haarcascade_russian_plate_number.xml (a 60 × 20
// window, 20 stages, trained on Russian plates: dark characters on a white plate, the layout of
// most European plates). The file ships inside this package (models/opencv/, read from disk:
// nothing is downloaded), copied unchanged from the npm package opencv4nodejs 5.6.0 (MIT), which
// ships OpenCV's data/haarcascades; OpenCV's licence (3-clause BSD) is beside it. Detection only:
// a plate's characters are never read.
import { readFileSync } from 'node:fs';
import { parseHaarCascade, type HaarCascade } from './haar-cascade.js';
import { defaultHaarOptions, detectWithCascade, type HaarOptions } from './haar-detect.js';
import type { Box, RgbImage } from './redact.js';

/** The cascade's file, relative to this module (src/reports or dist/reports alike). */
export const plateCascadeUrl = new URL(
  '../../models/opencv/haarcascade_russian_plate_number.xml',
  import.meta.url,
);

let cascade: HaarCascade | undefined;

/** The plate cascade, read once per thread. */
export function plateCascade(): HaarCascade {
  cascade ??= parseHaarCascade(readFileSync(plateCascadeUrl, 'utf8'));
  return cascade;
}

/**
 * The settings for plates: a window passing 18 of the 20 stages counts, and a group of two hits
 * is kept. Chosen on haar-plates.system.test.ts's tuning set: all 20 stages found 23 of 30 plates,
 * 19 found 25, 18 found 28 (17: 28 too, with more false boxes); held out, 18 found 9 of 9; on 16
 * photos without plates it puts 10 boxes (9 of them on photos stretched to 2048 px). Requiring
 * three hits a group instead finds 26 and 8 for 4 boxes: a missed plate costs more than a box
 * over a patch of grass, as for faces.
 */
export const plateHaarOptions: HaarOptions = { ...defaultHaarOptions, stages: 18, minNeighbors: 1 };

/** A detector of licence plates in an upright RGB image. */
export function haarPlateDetector(
  options: Partial<HaarOptions> = {},
): (image: RgbImage) => Promise<Box[]> {
  const c = plateCascade();
  const settings = { ...plateHaarOptions, ...options };
  return (image) => Promise.resolve(detectWithCascade(c, greyOf(image), settings));
}

/** Grey levels as OpenCV's RGB2GRAY weighs them (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B). */
export function greyOf(image: RgbImage): { data: Uint8Array; width: number; height: number } {
  const n = image.width * image.height;
  const grey = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    grey[i] = Math.round(
      0.299 * (image.data[i * 3] ?? 0) +
        0.587 * (image.data[i * 3 + 1] ?? 0) +
        0.114 * (image.data[i * 3 + 2] ?? 0),
    );
  return { data: grey, width: image.width, height: image.height };
}
