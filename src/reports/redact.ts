// Redaction of regions of an image (pure): boxes painted over in one flat colour, grown by a
// margin so a detector's tight box still covers hair, chin and plate frame. Solid boxes rather
// than a blur, because a blur can be partly reversed.

/** 8-bit RGB pixels, row by row, three bytes each. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A region in pixels: its top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of a box's size is added on each side before painting. */
export const REDACT_MARGIN = 0.15;

/** Paints every box (grown by REDACT_MARGIN, clipped to the image) a flat dark grey, in place. */
export function paintBoxes(image: RgbImage, boxes: readonly Box[]): void {
  for (const b of boxes) {
    const mx = b.width * REDACT_MARGIN;
    const my = b.height * REDACT_MARGIN;
    const x0 = clamp(Math.floor(b.x - mx), image.width);
    const y0 = clamp(Math.floor(b.y - my), image.height);
    const x1 = clamp(Math.ceil(b.x + b.width + mx), image.width);
    const y1 = clamp(Math.ceil(b.y + b.height + my), image.height);
    for (let y = y0; y < y1; y++)
      image.data.fill(40, (y * image.width + x0) * 3, (y * image.width + x1) * 3);
  }
}

/** The variance of the grey level inside `box` (0 when it is flat). */
export function regionVariance(image: RgbImage, box: Box): number {
  let n = 0;
  let sum = 0;
  let squares = 0;
  const x1 = clamp(box.x + box.width, image.width);
  const y1 = clamp(box.y + box.height, image.height);
  for (let y = clamp(box.y, image.height); y < y1; y++)
    for (let x = clamp(box.x, image.width); x < x1; x++) {
      const i = (y * image.width + x) * 3;
      const grey = ((image.data[i] ?? 0) + (image.data[i + 1] ?? 0) + (image.data[i + 2] ?? 0)) / 3;
      n++;
      sum += grey;
      squares += grey * grey;
    }
  return n === 0 ? 0 : squares / n - (sum / n) ** 2;
}

const clamp = (v: number, max: number): number => Math.max(0, Math.min(max, Math.round(v)));
