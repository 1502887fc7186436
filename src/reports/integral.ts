// Integral images (pure), as OpenCV's cv::integral defines them for a W × H image, each table
// (W + 1) × (H + 1), row by row: sum(X, Y) is the sum of the pixels above and left of (X, Y),
// squares the same of their squares, and tilted(X, Y) the sum over y < Y of the pixels with
// |x - X + 1| <= Y - y - 1 (a triangle with its apex at pixel (X - 1, Y - 1), widening upwards),
// which gives the sum of a rectangle turned by 45 degrees from four corners (Lienhart & Maydt,
// "An extended set of Haar-like features for rapid object detection", ICIP 2002).
import type { GreyImage } from './haar-detect.js';

export interface SumTables {
  sum: Float64Array;
  squares: Float64Array;
  /** Empty unless asked for. */
  tilted: Float64Array;
  /** Entries per row: the image's width + 1. */
  stride: number;
}

export function sumTables(image: GreyImage, withTilted: boolean): SumTables {
  const { width: w, height: h, data } = image;
  const stride = w + 1;
  const sum = new Float64Array(stride * (h + 1));
  const squares = new Float64Array(stride * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    let rowSq = 0;
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x] ?? 0;
      row += v;
      rowSq += v * v;
      const at = (y + 1) * stride + x + 1;
      sum[at] = (sum[at - stride] ?? 0) + row;
      squares[at] = (squares[at - stride] ?? 0) + rowSq;
    }
  }
  return { sum, squares, tilted: withTilted ? tiltedTable(image) : new Float64Array(0), stride };
}

/**
 * The tilted table by the recurrence t(X, Y) = t(X-1, Y-1) + t(X+1, Y-1) - t(X, Y-2)
 * + p(X-1, Y-1) + p(X-1, Y-2): the two triangles one row up overlap in the one two rows up, and
 * miss the apex and the pixel above it. Past the edges a triangle holds the same pixels as the one
 * whose apex is a step up along the diagonal: t(W+1, Y) = t(W, Y-1) and t(-1, Y) = t(0, Y-1).
 */
function tiltedTable(image: GreyImage): Float64Array {
  const { width: w, height: h, data } = image;
  const stride = w + 1;
  const t = new Float64Array(stride * (h + 1));
  for (let y = 1; y <= h; y++) {
    const up = (y - 1) * stride;
    const up2 = (y - 2) * stride;
    for (let x = 0; x <= w; x++) {
      let v = 0;
      if (y >= 2) {
        // t(x - 1, y - 1), with t(-1, y - 1) = t(0, y - 2); t(x + 1, y - 1), with
        // t(W + 1, y - 1) = t(W, y - 2); less t(x, y - 2).
        v += x >= 1 ? (t[up + x - 1] ?? 0) : y >= 3 ? (t[up2] ?? 0) : 0;
        v += x < w ? (t[up + x + 1] ?? 0) : y >= 3 ? (t[up2 + w] ?? 0) : 0;
        if (y >= 3) v -= t[up2 + x] ?? 0;
      }
      if (x >= 1) {
        v += data[(y - 1) * w + x - 1] ?? 0;
        if (y >= 2) v += data[(y - 2) * w + x - 1] ?? 0;
      }
      t[y * stride + x] = v;
    }
  }
  return t;
}
