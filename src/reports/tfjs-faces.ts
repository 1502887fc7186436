// Face detection with the Tiny Face Detector of @vladmandic/face-api (MIT; the weights ship inside
// the npm package, 190 KB, read from disk: nothing is downloaded) on TensorFlow.js's WebAssembly
// backend (its .wasm ships in @tensorflow/tfjs-backend-wasm). Detection only: the package's
// recognition, landmark, age and expression models are never loaded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Box, RgbImage } from './redact.js';
import { detectionRegions } from './tiles.js';

/** The parts of TensorFlow.js this file uses. */
interface Tensor {
  dispose(): void;
}
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  slice(x: Tensor, begin: number[], size: number[]): Tensor;
  io: { decodeWeights(buffer: ArrayBuffer, specs: unknown): unknown };
}
/** The parts of face-api this file uses. */
interface FaceApi {
  nets: { tinyFaceDetector: { loadFromWeightMap(map: unknown): void } };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(
    input: Tensor,
    options: unknown,
  ): Promise<{ box: { x: number; y: number; width: number; height: number }; score: number }[]>;
}

export interface FaceDetectorOptions {
  /** Lowest score kept: low, since a missed face costs more than a box over a shadow. */
  minScore?: number;
  /** The square the detector scales each region to: a multiple of 32. */
  inputSize?: number;
}

let loaded: Promise<{ tf: Tf; faceapi: FaceApi }> | undefined;

/** TensorFlow.js on WebAssembly with the detector's weights, once per thread. */
function load(): Promise<{ tf: Tf; faceapi: FaceApi }> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const tf = require('@tensorflow/tfjs') as Tf;
    require('@tensorflow/tfjs-backend-wasm');
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend did not start');
    await tf.ready();
    const dir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    const manifest = JSON.parse(
      readFileSync(join(dir, 'tiny_face_detector_model-weights_manifest.json'), 'utf8'),
    ) as { paths: string[]; weights: unknown }[];
    const group = manifest[0];
    if (group === undefined) throw new Error('the face model manifest is empty');
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(dir, p))));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    faceapi.nets.tinyFaceDetector.loadFromWeightMap(tf.io.decodeWeights(buffer, group.weights));
    return { tf, faceapi };
  })();
  return loaded;
}

/** A detector of faces in an upright RGB image: the whole image, then tiles of a large one. */
export async function tfjsFaceDetector(
  options: FaceDetectorOptions = {},
): Promise<(image: RgbImage) => Promise<Box[]>> {
  const { tf, faceapi } = await load();
  const detectorOptions = new faceapi.TinyFaceDetectorOptions({
    inputSize: options.inputSize ?? 608,
    scoreThreshold: options.minScore ?? 0.3,
  });
  return async (image) => {
    const whole = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    const boxes: Box[] = [];
    try {
      for (const r of detectionRegions(image.width, image.height, 768)) {
        const isWhole = r.width === image.width && r.height === image.height;
        const input = isWhole ? whole : tf.slice(whole, [r.y, r.x, 0], [r.height, r.width, 3]);
        try {
          for (const d of await faceapi.detectAllFaces(input, detectorOptions))
            boxes.push({
              x: r.x + d.box.x,
              y: r.y + d.box.y,
              width: d.box.width,
              height: d.box.height,
            });
        } finally {
          if (!isWhole) input.dispose();
        }
      }
    } finally {
      whole.dispose();
    }
    return boxes;
  };
}
