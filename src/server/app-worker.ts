// The app worker thread: reading an uploaded APK (inflating and parsing every DEX, the manifest,
// the libraries) takes seconds on a large app, so it runs here, over the worker's own connection
// to the database file. Jobs come in as {id, job}; progress and the answer go back by id.
import { parentPort, workerData } from 'node:worker_threads';
import { loadKb, SdkRuleIndex } from '../kb/index.js';
import { openStoreAt } from '../store/index.js';
import { ingestApp, type AppIngestResult, type AppProgress, type AppUpload } from './app-ingest.js';
import { toWire, type WireError } from './upload-wire.js';

export interface AppWorkerSetup {
  /** Where the store is: an SQLite file or a PostgreSQL URL. */
  dbPath: string;
  /** PostgreSQL connections of this thread's pool. */
  connections: number;
}

export type AppWorkerRequest = { id: number; job: AppUpload };
export type AppWorkerReply =
  | { id: number; kind: 'progress'; progress: AppProgress }
  | { id: number; kind: 'done'; result: AppIngestResult }
  | { id: number; kind: 'failed'; error: WireError };

const port = parentPort;
if (port) {
  const { dbPath, connections } = workerData as AppWorkerSetup;
  const { kb } = await loadKb();
  // Off the event loop, waiting a while for another process's write lock blocks no one.
  const store = await openStoreAt(dbPath, {
    busy: { busyTimeoutMs: 2000, retries: 2 },
    connections,
  });
  const deps = { kb, index: new SdkRuleIndex(kb.sdks), store, now: () => new Date() };
  port.on('message', ({ id, job }: AppWorkerRequest) => {
    const progress = (p: AppProgress): void =>
      port.postMessage({ id, kind: 'progress', progress: p } satisfies AppWorkerReply);
    ingestApp(deps, job, progress).then(
      (result) => port.postMessage({ id, kind: 'done', result } satisfies AppWorkerReply),
      (e: unknown) =>
        port.postMessage({ id, kind: 'failed', error: toWire(e) } satisfies AppWorkerReply),
    );
  });
}
