// The upload worker thread: parsing a large nmap XML, identifying its hosts and writing them take
// seconds, so they run here, over the worker's own connection to the database file, while the
// server's thread keeps answering. Jobs come in as {id, job}; answers go back as {id, ok, …}.
import { parentPort, workerData } from 'node:worker_threads';
import { loadKb } from '../kb/index.js';
import { openStoreAt } from '../store/index.js';
import { type Retention, type UploadJob, type UploadResult } from './upload-ingest.js';
import { ingestJob } from './agent-ingest.js';
import { toWire, type WireError } from './upload-wire.js';

export interface WorkerSetup {
  /** Where the store is: an SQLite file or a PostgreSQL URL. */
  dbPath: string;
  retention: Retention;
  /** PostgreSQL connections of this thread's pool (one upload at a time needs one). */
  connections: number;
}

export type WorkerRequest = { id: number; job: UploadJob };
export type WorkerReply =
  { id: number; ok: true; result: UploadResult } | { id: number; ok: false; error: WireError };

const port = parentPort;
if (port) {
  const { dbPath, retention, connections } = workerData as WorkerSetup;
  const { kb } = await loadKb();
  // Off the event loop, waiting a while for another process's write lock blocks no one.
  const store = await openStoreAt(dbPath, {
    busy: { busyTimeoutMs: 2000, retries: 2 },
    connections,
  });
  const deps = {
    kb,
    store,
    retention,
    today: () => new Date().toISOString().slice(0, 10),
    now: () => new Date().toISOString(),
  };
  port.on('message', ({ id, job }: WorkerRequest) => {
    ingestJob(deps, job).then(
      (result) => port.postMessage({ id, ok: true, result } satisfies WorkerReply),
      (e: unknown) => port.postMessage({ id, ok: false, error: toWire(e) } satisfies WorkerReply),
    );
  });
}
