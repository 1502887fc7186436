// Reading an OpenCV boosted Haar cascade (pure): the XML that OpenCV's `opencv_traincascade`
// writes (`<cascade>` with `<stages>` of weak classifiers and a `<features>` list), as in
// OpenCV's data/haarcascades. Layout as read by OpenCV's CascadeClassifier (objdetect,
// cascadedetect.cpp): each weak classifier's `internalNodes` holds `left right feature threshold`
// per node, a child <= 0 naming leaf -child; `leafValues` holds the leaves; a feature is up to
// three weighted rectangles `x y w h weight`, upright or tilted by 45 degrees.
import { ParseError } from '../shared/errors.js';

/** A cascade flattened into typed arrays, ready to evaluate. */
export interface HaarCascade {
  /** The detection window in pixels. */
  width: number;
  height: number;
  /** Per stage: its threshold and the range of its weak classifiers in `trees`. */
  stageThreshold: Float64Array;
  stageFirstTree: Int32Array;
  stageTreeCount: Int32Array;
  /** Per weak classifier: the range of its nodes and of its leaves. */
  treeFirstNode: Int32Array;
  treeFirstLeaf: Int32Array;
  /** Per node: left child, right child (<= 0: leaf -child), feature index, threshold. */
  nodeLeft: Int32Array;
  nodeRight: Int32Array;
  nodeFeature: Int32Array;
  nodeThreshold: Float64Array;
  leafValues: Float64Array;
  /** Per feature: three rectangles (x, y, w, h, weight; weight 0 for an absent third). */
  featureRects: Float64Array;
  featureTilted: Uint8Array;
  /** Whether any feature is tilted (then a tilted integral image is needed). */
  anyTilted: boolean;
}

const SOURCE = 'haar cascade';

/** Parses a cascade's XML; throws ParseError naming what is wrong. */
export function parseHaarCascade(xml: string): HaarCascade {
  const one = (tag: string, within: string = xml): string => {
    const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(within);
    if (m?.[1] === undefined) throw new ParseError(SOURCE, `no <${tag}>`);
    return m[1].trim();
  };
  if (one('stageType') !== 'BOOST') throw new ParseError(SOURCE, 'stageType is not BOOST');
  if (one('featureType') !== 'HAAR') throw new ParseError(SOURCE, 'featureType is not HAAR');
  const width = positiveInt(one('width'), 'width');
  const height = positiveInt(one('height'), 'height');
  const stagesXml = one('stages');
  const featuresXml = one('features');

  const stageThreshold: number[] = [];
  const stageFirstTree: number[] = [];
  const stageTreeCount: number[] = [];
  const treeFirstNode: number[] = [];
  const treeFirstLeaf: number[] = [];
  const nodeLeft: number[] = [];
  const nodeRight: number[] = [];
  const nodeFeature: number[] = [];
  const nodeThreshold: number[] = [];
  const leafValues: number[] = [];

  const stageParts = stagesXml.split('<stageThreshold>').slice(1);
  if (stageParts.length === 0) throw new ParseError(SOURCE, 'no stages');
  stageParts.forEach((part, s) => {
    const end = part.indexOf('</stageThreshold>');
    if (end < 0) throw new ParseError(SOURCE, 'unclosed <stageThreshold>', `stage ${s}`);
    stageThreshold.push(finite(part.slice(0, end), `stage ${s} threshold`));
    stageFirstTree.push(treeFirstNode.length);
    const trees = [
      ...part.matchAll(
        /<internalNodes>([\s\S]*?)<\/internalNodes>\s*<leafValues>([\s\S]*?)<\/leafValues>/g,
      ),
    ];
    if (trees.length === 0) throw new ParseError(SOURCE, 'no weak classifiers', `stage ${s}`);
    for (const [, nodesText = '', leavesText = ''] of trees) {
      const where = `stage ${s} classifier ${treeFirstNode.length}`;
      const nodes = numbers(nodesText, where);
      const leaves = numbers(leavesText, where);
      if (nodes.length === 0 || nodes.length % 4 !== 0)
        throw new ParseError(SOURCE, 'internalNodes is not groups of four', where);
      const nodeCount = nodes.length / 4;
      treeFirstNode.push(nodeLeft.length);
      treeFirstLeaf.push(leafValues.length);
      for (let n = 0; n < nodeCount; n++) {
        const [left = 0, right = 0, feature = 0, threshold = 0] = nodes.slice(n * 4, n * 4 + 4);
        for (const child of [left, right])
          if (!Number.isInteger(child) || child >= nodeCount || -child >= leaves.length)
            throw new ParseError(SOURCE, `child ${child} out of range`, where);
        if (!Number.isInteger(feature) || feature < 0)
          throw new ParseError(SOURCE, `feature ${feature} is not an index`, where);
        nodeLeft.push(left);
        nodeRight.push(right);
        nodeFeature.push(feature);
        nodeThreshold.push(threshold);
      }
      leafValues.push(...leaves);
    }
    stageTreeCount.push(treeFirstNode.length - (stageFirstTree[s] ?? 0));
  });

  const featureRects: number[] = [];
  const featureTilted: number[] = [];
  const features = [
    ...featuresXml.matchAll(/<rects>([\s\S]*?)<\/rects>\s*<tilted>\s*([01])\s*<\/tilted>/g),
  ];
  features.forEach(([, rectsText = '', tilted = '0'], f) => {
    const rects = [...rectsText.matchAll(/<_>([\s\S]*?)<\/_>/g)].map(([, r = '']) =>
      numbers(r, `feature ${f}`),
    );
    if (rects.length < 1 || rects.length > 3 || rects.some((r) => r.length !== 5))
      throw new ParseError(SOURCE, 'a feature needs one to three "x y w h weight"', `feature ${f}`);
    for (let i = 0; i < 3; i++) {
      const [x = 0, y = 0, w = 0, h = 0, weight = 0] = rects[i] ?? [];
      // A tilted rectangle reaches x - h to x + w and y to y + w + h.
      const inside =
        tilted === '1'
          ? x - h >= 0 && x + w <= width && y + w + h <= height
          : x >= 0 && y >= 0 && x + w <= width && y + h <= height;
      if (
        rects[i] !== undefined &&
        (!inside || w <= 0 || h <= 0 || !Number.isInteger(x + y + w + h))
      )
        throw new ParseError(SOURCE, 'a rectangle lies outside the window', `feature ${f}`);
      featureRects.push(x, y, w, h, weight);
    }
    featureTilted.push(tilted === '1' ? 1 : 0);
  });
  const maxFeature = nodeFeature.reduce((m, f) => Math.max(m, f), 0);
  if (maxFeature >= features.length)
    throw new ParseError(SOURCE, `feature ${maxFeature} named but ${features.length} listed`);

  return {
    width,
    height,
    stageThreshold: Float64Array.from(stageThreshold),
    stageFirstTree: Int32Array.from(stageFirstTree),
    stageTreeCount: Int32Array.from(stageTreeCount),
    treeFirstNode: Int32Array.from(treeFirstNode),
    treeFirstLeaf: Int32Array.from(treeFirstLeaf),
    nodeLeft: Int32Array.from(nodeLeft),
    nodeRight: Int32Array.from(nodeRight),
    nodeFeature: Int32Array.from(nodeFeature),
    nodeThreshold: Float64Array.from(nodeThreshold),
    leafValues: Float64Array.from(leafValues),
    featureRects: Float64Array.from(featureRects),
    featureTilted: Uint8Array.from(featureTilted),
    anyTilted: featureTilted.includes(1),
  };
}

function numbers(text: string, where: string): number[] {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  return words.map((w) => finite(w, where));
}

function finite(text: string, where: string): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v))
    throw new ParseError(SOURCE, `"${text.trim().slice(0, 40)}" is not a number`, where);
  return v;
}

function positiveInt(text: string, what: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 2 || v > 1024)
    throw new ParseError(SOURCE, `${what} "${text.slice(0, 20)}" is not a window size`);
  return v;
}
