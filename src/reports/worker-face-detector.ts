// Face and plate detection one worker thread away (see worker-faces.ts), started on the first photo and
// again after a crash; photos queue there one at a time. Only from the compiled package: a .ts
// source cannot be a worker without a loader, so tests run the detector in their own thread.
import { Worker } from 'node:worker_threads';
import type { Box, RgbImage } from './redact.js';
import type { FaceReply, FaceRequest } from './worker-faces.js';

/** Whether this module runs compiled, so its worker file exists as JavaScript. */
export function faceWorkerAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

/** A detector that sends each image to the worker and waits for its boxes (faces and plates). */
export function workerFaceDetector(): (image: RgbImage) => Promise<Box[]> {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (b: Box[]) => void; reject: (e: Error) => void }>();
  const failAll = (w: Worker, e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    if (worker === w) worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./worker-faces.js', import.meta.url));
    w.on('message', (m: FaceReply) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.ok) p?.resolve(m.boxes);
      else p?.reject(new Error(`face detection failed: ${m.error}`));
    });
    w.once('error', (e) =>
      failAll(w, new Error(`the face worker failed: ${e.message}`, { cause: e })),
    );
    w.once('exit', (code) => failAll(w, new Error(`the face worker exited (code ${code})`)));
    return w;
  };
  return (image) =>
    new Promise<Box[]>((resolve, reject) => {
      worker ??= start();
      worker.ref();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      // A copy of its own, moved to the worker rather than copied again.
      const data = image.data.slice();
      worker.postMessage(
        { id, data, width: image.width, height: image.height } satisfies FaceRequest,
        [data.buffer],
      );
    });
}
