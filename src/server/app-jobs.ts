// Uploaded apps waiting for, or going through, their audit: each upload becomes a job answered at
// once (202) and audited off the request path, one at a time (so the memory a large APK takes is
// taken once); clients poll its progress. Jobs live in memory: a finished one is kept for a while
// so its last poll finds the report, then forgotten.
import { randomUUID } from 'node:crypto';
import type { AppJob } from '../contract/apps.js';
import { HttpError, SousveilError } from '../shared/errors.js';
import type { AppUpload } from './app-ingest.js';
import type { AppRunner } from './app-runner.js';

export interface AppJobsOptions {
  /** Jobs waiting or running at once; beyond, uploads get 503 (default 4). */
  maxPending?: number;
  /** Finished jobs remembered for their last poll (default 200). */
  keepFinished?: number;
  /** Where unexpected failures are told, with their stack (stderr by default). */
  log?: (line: string) => void;
}

/** The app audit queue: jobs by id, processed one after another by the runner. */
export class AppJobs {
  readonly #runner: AppRunner;
  readonly #jobs = new Map<string, AppJob>();
  readonly #finished: string[] = [];
  readonly #maxPending: number;
  readonly #keepFinished: number;
  readonly #log: (line: string) => void;
  #pending = 0;
  #tail: Promise<void> = Promise.resolve();

  constructor(runner: AppRunner, options: AppJobsOptions = {}) {
    this.#runner = runner;
    this.#maxPending = options.maxPending ?? 4;
    this.#keepFinished = options.keepFinished ?? 200;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /**
   * Queues an upload and answers its job at once. `keep` is called once the job is accepted: it
   * takes over whatever holds the bytes and returns the function that lets go of them, called
   * when the job is finished with them. A full queue is a 503, and `keep` is not called.
   */
  submit(upload: AppUpload, keep: () => () => void = () => () => undefined): AppJob {
    if (this.#pending >= this.#maxPending)
      throw new HttpError(
        503,
        `${this.#pending} app uploads are waiting for their audit; try again shortly`,
        { retryAfterS: 10 },
      );
    const job: AppJob = {
      id: randomUUID(),
      file: upload.name,
      phase: 'queued',
      bytes: upload.bytes.length,
      percent: 0,
    };
    const release = keep();
    this.#jobs.set(job.id, job);
    this.#pending++;
    this.#tail = this.#tail.then(() => this.#process(job, upload, release));
    return { ...job };
  }

  /** The job's state now, or undefined when there is none (or it was forgotten). */
  get(id: string): AppJob | undefined {
    const job = this.#jobs.get(id);
    return job === undefined ? undefined : { ...job };
  }

  /** Waits for every queued job (tests, shutdown), then stops the runner. */
  async close(): Promise<void> {
    await this.#tail;
    await this.#runner.close();
  }

  async #process(job: AppJob, upload: AppUpload, release: () => void): Promise<void> {
    try {
      const result = await this.#runner.run(upload, (p) => {
        job.phase = p.phase;
        job.percent = p.percent;
      });
      job.reportId = result.reportId;
      if (result.duplicate) job.duplicate = true;
      job.phase = 'done';
      job.percent = 100;
    } catch (e) {
      job.phase = 'failed';
      job.error = oneLine(e);
      if (!isExpected(e))
        this.#log(`app job ${job.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      this.#pending--;
      release();
      this.#forgetOld(job.id);
    }
  }

  #forgetOld(id: string): void {
    this.#finished.push(id);
    while (this.#finished.length > this.#keepFinished) {
      const old = this.#finished.shift();
      if (old !== undefined) this.#jobs.delete(old);
    }
  }
}

/** Errors of the project's family (bad input, a refused archive, a busy store): told as they are. */
const isExpected = (e: unknown): e is Error => e instanceof HttpError || e instanceof SousveilError;

/** An error as one line a user can read; unexpected ones say only that the audit failed. */
function oneLine(e: unknown): string {
  if (isExpected(e)) return e.message.split('\n')[0] ?? e.message;
  return 'the audit failed unexpectedly; the server log has the details';
}
