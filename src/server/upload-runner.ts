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
 * identify and save, and small ones should not queue behind it. One large upload is processed at
 * a time, which bounds the memory parsing takes.
 */
export function workerUploads(dbPath: string, retention: Retention): Uploads {
  const small = workerLane(dbPath, retention);
  const large = workerLane(dbPath, retention);
  return {
    run: (job) => (job.bytes.length <= smallUploadBytes ? small : large).run(job),
    close: async () => {
      await Promise.all([small.close(), large.close()]);
    },
  };
}

/** Uploads processed one worker thread away, started on the first upload and after a crash. */
function workerLane(dbPath: string, retention: Retention): Uploads {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (r: UploadResult) => void; reject: (e: Error) => void }
  >();
  const failAll = (w: Worker, e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    if (worker === w) worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./upload-worker.js', import.meta.url), {
      workerData: { dbPath, retention } satisfies WorkerSetup,
    });
    w.on('message', (m: WorkerReply) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.ok) p?.resolve(m.result);
      else p?.reject(fromWire(m.error));
    });
    w.once('error', (e) =>
      failAll(w, new Error(`the upload worker failed: ${e.message}`, { cause: e })),
    );
    w.once('exit', (code) => failAll(w, new Error(`the upload worker exited (code ${code})`)));
    return w;
  };
  return {
    run: (job) =>
      new Promise<UploadResult>((resolve, reject) => {
        worker ??= start();
        worker.ref();
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // The bytes move to the worker rather than being copied.
        worker.postMessage({ id, job } satisfies WorkerRequest, [job.bytes.buffer as ArrayBuffer]);
      }),
    close: async () => {
      const w = worker;
      worker = undefined;
      if (w !== undefined) await w.terminate();
    },
  };
}
