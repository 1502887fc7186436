// Large imports on several cores: worker threads identify staged pages (the CPU-heavy part),
// taking turns, while this thread reads the next pages from the staging file, keeps report pieces
// and writes verdicts to the store. Pages are written in the order they were read, so the report
// and the saved run are the ones `identifyStaged` makes in one thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HostTally, type ReportFormat, type TallyFields } from '../report/stream.js';
import { savedRun, type IdentifiedPage, type ImportedRun, type SaveImport } from '../import-run.js';
import type { ImportStaging } from './sqlite-staging.js';
import type { IdentifyRequest, IdentifySetup } from './worker-identify.js';

/** Below this many hosts a worker's start (a second kb load) costs more than it saves. */
export const workerMinHosts = 20_000;

/** The worker's young generation (its heap for short-lived objects), in MiB. */
const youngGenerationMb = 16;

/** Worker threads at most: past two, the one writing thread is the limit. */
const maxWorkers = 2;

/** Pages sent ahead per worker, so no thread waits for another. */
const pagesAhead = 2;

/** Worker threads run only from the compiled package (a .ts source cannot be a worker). */
export function identifyWorkerAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

/**
 * Identifies every staged host in worker threads, as `identifyStaged` does in this one: report
 * pieces kept in the staging file, verdicts saved as a run when `save` is given.
 */
export async function identifyStagedInWorker(
  staging: ImportStaging,
  options: { asOf: string; format: ReportFormat },
  save?: SaveImport,
): Promise<ImportedRun> {
  const count = Math.max(1, Math.min(maxWorkers, availableParallelism()));
  const workers = Array.from(
    { length: count },
    (_, index) =>
      new IdentifyWorker({ ...options, save: save !== undefined, lane: { index, of: count } }),
  );
  try {
    return await savedRun(save, async (run) => {
      const inFlight: Array<Promise<IdentifiedPage>> = [];
      const settle = async (): Promise<void> => {
        const done = await inFlight.shift();
        if (done === undefined) return;
        staging.addPieces(done.pieces);
        await run?.addPacked(done.hosts, done.parts);
      };
      let n = 0;
      for (const page of staging.stagedPages()) {
        const worker = workers[n++ % count];
        if (worker !== undefined) inFlight.push(worker.ask<IdentifiedPage>({ page }));
        if (inFlight.length > pagesAhead * count) await settle();
      }
      while (inFlight.length > 0) await settle();
      const tally = new HostTally();
      for (const w of workers)
        tally.merge((await w.ask<{ tally: TallyFields }>({ end: true })).tally);
      return tally;
    });
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

/** One worker thread answering requests in the order they were sent. */
class IdentifyWorker {
  readonly #worker: Worker;
  readonly #waiting: Array<{ resolve: (m: unknown) => void; reject: (e: Error) => void }> = [];
  #failed: Error | undefined;

  constructor(setup: IdentifySetup) {
    this.#worker = new Worker(new URL('./worker-identify.js', import.meta.url), {
      workerData: setup,
      // Verdicts are short-lived and many: a larger young generation collects them in fewer,
      // cheaper passes (a quarter of the thread's time went to collection with the default).
      resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
    });
    this.#worker.on('message', (m: unknown) => this.#waiting.shift()?.resolve(m));
    this.#worker.once('error', (e) =>
      this.#fail(new Error(`the import's identify thread failed: ${e.message}`, { cause: e })),
    );
    this.#worker.once('exit', (code) =>
      this.#fail(new Error(`the import's identify thread exited (code ${code})`)),
    );
  }

  /** Sends a request; resolves with its answer. */
  ask<T>(request: IdentifyRequest): Promise<T> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ resolve: resolve as (m: unknown) => void, reject });
      this.#worker.postMessage(request);
    });
  }

  #fail(e: Error): void {
    this.#failed ??= e;
    for (const w of this.#waiting.splice(0)) w.reject(e);
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}
