// Running a Haar cascade over a grey image (pure), as OpenCV's CascadeClassifier::detectMultiScale
// does (objdetect, cascadedetect.cpp): the image scaled down step by step (a pyramid), the
// cascade's fixed window slid over each level (2 px apart while the scale is under 2, then 1 px),
// each window's features normalised by its standard deviation and windows flatter than a standard
// deviation of 10 grey levels skipped, and the hits grouped (groupRectangles, eps 0.2). Bounded:
// the image is first scaled so its longest side is at most `maxEdgePx`, then further until the
// pyramid holds at most `maxWindows` windows, and at most `maxHits` hits are kept.
import type { HaarCascade } from './haar-cascade.js';
import { sumTables, type SumTables } from './integral.js';
import type { Box } from './redact.js';

/** 8-bit grey pixels, row by row. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface HaarOptions {
  /** The pyramid's step between levels, above 1. */
  scaleFactor: number;
  /** Hits a group needs beyond the first to be kept (OpenCV's minNeighbors). */
  minNeighbors: number;
  /** The longest side the image is scaled to before the search. */
  maxEdgePx: number;
  /** Windows evaluated over the whole pyramid, at most. */
  maxWindows: number;
  /** Raw hits kept before grouping, at most. */
  maxHits: number;
  /** Stages a window must pass: all of them, or fewer to trade false positives for recall. */
  stages: number;
}

export const defaultHaarOptions: HaarOptions = {
  scaleFactor: 1.1,
  minNeighbors: 3,
  maxEdgePx: 2048,
  maxWindows: 6_000_000,
  maxHits: 4096,
  stages: Number.POSITIVE_INFINITY,
};

/** The objects the cascade finds in `image`, in its pixels. Total on any image. */
export function detectWithCascade(
  cascade: HaarCascade,
  image: GreyImage,
  options: HaarOptions = defaultHaarOptions,
): Box[] {
  const { width: winW, height: winH } = cascade;
  const step = Math.max(1.01, options.scaleFactor);
  let k = Math.min(1, options.maxEdgePx / Math.max(image.width, image.height, 1));
  while (
    k > 0 &&
    windowCount(image.width * k, image.height * k, winW, winH, step) > options.maxWindows
  )
    k *= 0.9;
  const hits: Box[] = [];
  const base =
    k >= 1 ? image : resize(image, Math.round(image.width * k), Math.round(image.height * k));
  for (let factor = 1; ; factor *= step) {
    const w = Math.round(base.width / factor);
    const h = Math.round(base.height / factor);
    if (w < winW + 1 || h < winH + 1) break;
    const level = factor === 1 ? base : resize(base, w, h);
    const tables = sumTables(level, cascade.anyTilted);
    const compiled = compile(cascade, tables.stride);
    const stride = factor > 2 ? 1 : 2;
    const scale = factor / k;
    for (let y = 0; y + winH <= h && hits.length < options.maxHits; y += stride)
      for (let x = 0; x + winW <= w; x += stride)
        if (passes(cascade, compiled, tables, y * tables.stride + x, options.stages)) {
          hits.push({ x: x * scale, y: y * scale, width: winW * scale, height: winH * scale });
          if (hits.length >= options.maxHits) break;
        }
  }
  return groupBoxes(hits, options.minNeighbors, 0.2).map((b) => clip(b, image));
}

/** `b` cut to the image (a level's rounding may reach a pixel past its edge). */
function clip(b: Box, image: GreyImage): Box {
  const x = Math.max(0, b.x);
  const y = Math.max(0, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(image.width, b.x + b.width) - x),
    height: Math.max(0, Math.min(image.height, b.y + b.height) - y),
  };
}

/** Windows in the pyramid of a `w` × `h` image. */
function windowCount(w: number, h: number, winW: number, winH: number, step: number): number {
  let n = 0;
  for (let factor = 1; ; factor *= step) {
    const lw = Math.round(w / factor);
    const lh = Math.round(h / factor);
    if (lw < winW + 1 || lh < winH + 1) return n;
    const stride = factor > 2 ? 1 : 2;
    n += Math.ceil((lw - winW + 1) / stride) * Math.ceil((lh - winH + 1) / stride);
  }
}

/** A cascade's rectangles as offsets from a window's first entry in tables `stride` wide. */
interface Compiled {
  /** Per feature and rectangle: four corner offsets (a - b - c + d) in its table. */
  offsets: Int32Array;
  weights: Float64Array;
  tilted: Uint8Array;
  /** The normalisation rectangle's four corners. */
  norm: Int32Array;
  normArea: number;
}

function compile(c: HaarCascade, stride: number): Compiled {
  const count = c.featureTilted.length;
  const offsets = new Int32Array(count * 12);
  const weights = new Float64Array(count * 3);
  for (let f = 0; f < count; f++)
    for (let r = 0; r < 3; r++) {
      const i = f * 15 + r * 5;
      const [x = 0, y = 0, w = 0, h = 0, weight = 0] = c.featureRects.subarray(i, i + 5);
      weights[f * 3 + r] = weight;
      const o = f * 12 + r * 4;
      if (c.featureTilted[f] === 1) {
        // OpenCV's CV_TILTED_OFS: (x, y), (x - h, y + h), (x + w, y + w), (x + w - h, y + w + h).
        offsets[o] = y * stride + x;
        offsets[o + 1] = (y + h) * stride + x - h;
        offsets[o + 2] = (y + w) * stride + x + w;
        offsets[o + 3] = (y + w + h) * stride + x + w - h;
      } else {
        offsets[o] = y * stride + x;
        offsets[o + 1] = y * stride + x + w;
        offsets[o + 2] = (y + h) * stride + x;
        offsets[o + 3] = (y + h) * stride + x + w;
      }
    }
  // OpenCV's normalisation rectangle: the window less one pixel on each side.
  const nw = c.width - 2;
  const nh = c.height - 2;
  const a = stride + 1;
  const norm = Int32Array.of(a, a + nw, a + nh * stride, a + nh * stride + nw);
  return { offsets, weights, tilted: c.featureTilted, norm, normArea: nw * nh };
}

/** Whether the window whose first table entry is `p` passes every stage. */
function passes(c: HaarCascade, k: Compiled, t: SumTables, p: number, stages: number): boolean {
  const { sum, squares, tilted } = t;
  const { offsets, weights, norm } = k;
  const n0 = p + (norm[0] ?? 0);
  const n1 = p + (norm[1] ?? 0);
  const n2 = p + (norm[2] ?? 0);
  const n3 = p + (norm[3] ?? 0);
  const valSum = (sum[n0] ?? 0) - (sum[n1] ?? 0) - (sum[n2] ?? 0) + (sum[n3] ?? 0);
  const valSq = (squares[n0] ?? 0) - (squares[n1] ?? 0) - (squares[n2] ?? 0) + (squares[n3] ?? 0);
  const nf = k.normArea * valSq - valSum * valSum;
  if (nf <= 0) return false;
  const scale = 1 / Math.sqrt(nf);
  if (k.normArea * scale >= 0.1) return false;
  const last = Math.min(stages, c.stageThreshold.length);
  for (let s = 0; s < last; s++) {
    let total = 0;
    const first = c.stageFirstTree[s] ?? 0;
    const end = first + (c.stageTreeCount[s] ?? 0);
    for (let tr = first; tr < end; tr++) {
      const nodeBase = c.treeFirstNode[tr] ?? 0;
      let node = 0;
      for (;;) {
        const n = nodeBase + node;
        const f = c.nodeFeature[n] ?? 0;
        const table = k.tilted[f] === 1 ? tilted : sum;
        let value = 0;
        for (let r = 0; r < 3; r++) {
          const weight = weights[f * 3 + r] ?? 0;
          if (weight === 0) continue;
          const o = f * 12 + r * 4;
          value +=
            weight *
            ((table[p + (offsets[o] ?? 0)] ?? 0) -
              (table[p + (offsets[o + 1] ?? 0)] ?? 0) -
              (table[p + (offsets[o + 2] ?? 0)] ?? 0) +
              (table[p + (offsets[o + 3] ?? 0)] ?? 0));
        }
        const next =
          value * scale < (c.nodeThreshold[n] ?? 0) ? (c.nodeLeft[n] ?? 0) : (c.nodeRight[n] ?? 0);
        if (next <= 0) {
          total += c.leafValues[(c.treeFirstLeaf[tr] ?? 0) - next] ?? 0;
          break;
        }
        node = next;
      }
    }
    if (total < (c.stageThreshold[s] ?? 0)) return false;
  }
  return true;
}

/** `image` scaled to `w` × `h` by bilinear interpolation (as OpenCV's INTER_LINEAR). */
export function resize(image: GreyImage, w: number, h: number): GreyImage {
  const out = new Uint8Array(w * h);
  const { data, width: iw, height: ih } = image;
  const x0s = new Int32Array(w);
  const x1s = new Int32Array(w);
  const wxs = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(iw - 1, Math.max(0, ((x + 0.5) * iw) / w - 0.5));
    x0s[x] = Math.floor(fx);
    x1s[x] = Math.min(iw - 1, Math.floor(fx) + 1);
    wxs[x] = fx - Math.floor(fx);
  }
  for (let y = 0; y < h; y++) {
    const fy = Math.min(ih - 1, Math.max(0, ((y + 0.5) * ih) / h - 0.5));
    const r0 = Math.floor(fy) * iw;
    const r1 = Math.min(ih - 1, Math.floor(fy) + 1) * iw;
    const wy = fy - Math.floor(fy);
    for (let x = 0; x < w; x++) {
      const a = x0s[x] ?? 0;
      const b = x1s[x] ?? 0;
      const wx = wxs[x] ?? 0;
      const top = (data[r0 + a] ?? 0) * (1 - wx) + (data[r0 + b] ?? 0) * wx;
      const bottom = (data[r1 + a] ?? 0) * (1 - wx) + (data[r1 + b] ?? 0) * wx;
      out[y * w + x] = Math.round(top * (1 - wy) + bottom * wy);
    }
  }
  return { data: out, width: w, height: h };
}

/**
 * OpenCV's groupRectangles: boxes are alike when every edge is within `eps` × their mean smaller
 * side; each class of alike boxes (transitively) becomes their average, kept when it holds more
 * than `minNeighbors` boxes.
 */
export function groupBoxes(boxes: readonly Box[], minNeighbors: number, eps: number): Box[] {
  const parent = boxes.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    while (parent[i] !== r) {
      const next = parent[i] ?? r;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a === undefined || b === undefined) continue;
      const delta = eps * (Math.min(a.width, b.width) + Math.min(a.height, b.height)) * 0.5;
      if (
        Math.abs(a.x - b.x) <= delta &&
        Math.abs(a.y - b.y) <= delta &&
        Math.abs(a.x + a.width - b.x - b.width) <= delta &&
        Math.abs(a.y + a.height - b.y - b.height) <= delta
      )
        parent[root(i)] = root(j);
    }
  const groups = new Map<number, { n: number; x: number; y: number; w: number; h: number }>();
  boxes.forEach((b, i) => {
    const g = groups.get(root(i)) ?? { n: 0, x: 0, y: 0, w: 0, h: 0 };
    g.n++;
    g.x += b.x;
    g.y += b.y;
    g.w += b.width;
    g.h += b.height;
    groups.set(root(i), g);
  });
  const out: Box[] = [];
  for (const g of groups.values())
    if (g.n > minNeighbors)
      out.push({ x: g.x / g.n, y: g.y / g.n, width: g.w / g.n, height: g.h / g.n });
  return out;
}
