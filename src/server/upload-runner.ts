// Where uploads are processed: in a worker thread with its own database connection when the
// server runs from the compiled package over a database file, else (tests from source, an
// in-memory store) in the server's own thread.
import { Worker } from 'node:worker_threads';
import {
  type IngestDeps,
  type Retention,
  type UploadJob,
  type UploadResult,
} from './upload-ingest.js';
import { ingestJob } from './agent-ingest.js';
import { fromWire } from './upload-wire.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './upload-worker.js';

export interface Uploads {
  run(job: UploadJob): Promise<UploadResult>;
  close(): Promise<void>;
}

/** Uploads processed in this thread. */
export function inThreadUploads(deps: IngestDeps): Uploads {
  return { run: (job) => ingestJob(deps, job), close: async () => undefined };
}

/** Worker threads run only from the compiled package (a .ts source cannot be a worker without a loader). */
export function workersAvailable(dbPath: string | undefined): dbPath is string {
  return import.meta.url.endsWith('.js') && dbPath !== undefined && dbPath !== ':memory:';
}

/** Uploads up to this size take the small lane, so they never wait behind a large one. */
const smallUploadBytes = 1024 * 1024;

/**
 * Uploads processed in worker threads, two lanes by size: a large scan takes seconds to parse,
 * identify and save, and small ones should not queue behind it. Each lane processes one upload
 * at a time, which bounds the memory parsing takes and lets the first in line finish first.
 */
export function workerUploads(dbPath: string, retention: Retention, connections: number): Uploads {
  const small = workerLane({ dbPath, retention, connections });
  const large = workerLane({ dbPath, retention, connections });
  return {
    run: (job) => (job.bytes.length <= smallUploadBytes ? small : large).run(job),
    close: async () => {
      await Promise.all([small.close(), large.close()]);
    },
  };
}

interface Waiting {
  job: UploadJob;
  resolve: (r: UploadResult) => void;
  reject: (e: Error) => void;
}

/**
 * Uploads processed one worker thread away, one at a time in arrival order (given all at once,
 * the thread interleaved them, and every one of them finished only when the last did); the
 * thread starts on the first upload and again after a crash.
 */
function workerLane(setup: WorkerSetup): Uploads {
  let worker: Worker | undefined;
  let nextId = 1;
  const queue: Waiting[] = [];
  let running: (Waiting & { id: number }) | undefined;
  const failAll = (w: Worker, e: Error): void => {
    if (worker === w) worker = undefined;
    running?.reject(e);
    running = undefined;
    for (const waiting of queue.splice(0)) waiting.reject(e);
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./upload-worker.js', import.meta.url), { workerData: setup });
    w.on('message', (m: WorkerReply) => {
      const done = running;
      if (done?.id !== m.id) return;
      running = undefined;
      if (m.ok) done.resolve(m.result);
      else done.reject(fromWire(m.error));
      next();
    });
    w.once('error', (e) =>
      failAll(w, new Error(`the upload worker failed: ${e.message}`, { cause: e })),
    );
    w.once('exit', (code) => failAll(w, new Error(`the upload worker exited (code ${code})`)));
    return w;
  };
  const next = (): void => {
    const waiting = queue.shift();
    if (waiting === undefined) {
      worker?.unref();
      return;
    }
    worker ??= start();
    worker.ref();
    running = { ...waiting, id: nextId++ };
    // The bytes move to the worker rather than being copied.
    worker.postMessage({ id: running.id, job: waiting.job } satisfies WorkerRequest, [
      waiting.job.bytes.buffer as ArrayBuffer,
    ]);
  };
  return {
    run: (job) =>
      new Promise<UploadResult>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        if (running === undefined) next();
      }),
    close: async () => {
      const w = worker;
      worker = undefined;
      if (w !== undefined) await w.terminate();
    },
  };
}
