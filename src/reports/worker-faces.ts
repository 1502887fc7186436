// The detectors' thread: TensorFlow.js runs its WebAssembly synchronously, for up to a few
// seconds on a large photo, and the plate cascade is plain synchronous JavaScript, so both run
// here and the server's event loop keeps answering. A photo's answer holds faces and plates.
import { parentPort } from 'node:worker_threads';
import type { Box } from './redact.js';
import { haarPlateDetector } from './fs-plate-cascade.js';
import { tfjsFaceDetector } from './tfjs-faces.js';

/** A photo's pixels to search, with the id its answer carries back. */
export interface FaceRequest {
  id: number;
  data: Uint8Array;
  width: number;
  height: number;
}

export type FaceReply =
  { id: number; ok: true; boxes: Box[] } | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  const detector = tfjsFaceDetector();
  let plates: ReturnType<typeof haarPlateDetector> | undefined;
  port.on('message', (m: FaceRequest) => {
    void (async () => {
      try {
        const image = { data: m.data, width: m.width, height: m.height };
        plates ??= haarPlateDetector();
        const boxes = [...(await (await detector)(image)), ...(await plates(image))];
        port.postMessage({ id: m.id, ok: true, boxes } satisfies FaceReply);
      } catch (e) {
        port.postMessage({
          id: m.id,
          ok: false,
          error: e instanceof Error ? e.message : String(e),
        } satisfies FaceReply);
      }
    })();
  });
}
