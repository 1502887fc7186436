// Where uploaded apps are audited: in a worker thread with its own database connection when the
// server runs from the compiled package over a database file (reading a large APK takes seconds
// of CPU, and the server's thread keeps answering meanwhile), else in the server's own thread.
import { Worker } from 'node:worker_threads';
import {
  ingestApp,
  type AppIngestDeps,
  type AppIngestResult,
  type AppProgress,
  type AppUpload,
} from './app-ingest.js';
import type { AppWorkerReply, AppWorkerRequest, AppWorkerSetup } from './app-worker.js';
import { fromWire } from './upload-wire.js';

export interface AppRunner {
  run(job: AppUpload, progress: (p: AppProgress) => void): Promise<AppIngestResult>;
  close(): Promise<void>;
}

/** Apps audited in this thread. */
export function inThreadAppRunner(deps: AppIngestDeps): AppRunner {
  return { run: (job, progress) => ingestApp(deps, job, progress), close: async () => undefined };
}

interface Pending {
  progress: (p: AppProgress) => void;
  resolve: (r: AppIngestResult) => void;
  reject: (e: Error) => void;
}

/** Apps audited one worker thread away, started on the first upload and again after a crash. */
export function workerAppRunner(dbPath: string, connections: number): AppRunner {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const failAll = (w: Worker, e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    if (worker === w) worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./app-worker.js', import.meta.url), {
      workerData: { dbPath, connections } satisfies AppWorkerSetup,
    });
    w.on('message', (m: AppWorkerReply) => {
      const p = pending.get(m.id);
      if (m.kind === 'progress') return p?.progress(m.progress);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.kind === 'done') p?.resolve(m.result);
      else p?.reject(fromWire(m.error));
    });
    w.once('error', (e) =>
      failAll(w, new Error(`the app worker failed: ${e.message}`, { cause: e })),
    );
    w.once('exit', (code) => failAll(w, new Error(`the app worker exited (code ${code})`)));
    return w;
  };
  return {
    run: (job, progress) =>
      new Promise<AppIngestResult>((resolve, reject) => {
        worker ??= start();
        worker.ref();
        const id = nextId++;
        pending.set(id, { progress, resolve, reject });
        // The bytes move to the worker rather than being copied.
        worker.postMessage({ id, job } satisfies AppWorkerRequest, [
          job.bytes.buffer as ArrayBuffer,
        ]);
      }),
    close: async () => {
      const w = worker;
      worker = undefined;
      if (w !== undefined) await w.terminate();
    },
  };
}
