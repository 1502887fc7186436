// Firmware uploads processed off the request path: the upload answers at once with a job, and the
// images are unpacked, searched and saved one at a time behind it; the job says how far it got.
import type { FirmwareJob } from '../contract/index.js';
import { toFirmwareScan } from '../firmware/index.js';
import { scanFirmwareBytes } from '../firmware/fs-firmware-scan.js';
import type { Kb } from '../kb/index.js';
import { HttpError, SousveilError } from '../shared/errors.js';
import type { Store } from '../store/index.js';

/** Images waiting at once, beyond which an upload is refused (503) rather than held in memory. */
const maxWaiting = 4;
/** Finished jobs remembered for their status. */
const maxKept = 200;

export class FirmwareJobs {
  readonly #jobs = new Map<number, FirmwareJob>();
  #next = 1;
  #queue: Promise<void> = Promise.resolve();
  #waiting = 0;

  constructor(
    private readonly kb: Kb,
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** Queues an image; answers with its job at once. */
  submit(bytes: Uint8Array, file: string): FirmwareJob {
    if (bytes.length === 0) throw new HttpError(400, 'the upload is empty: send the image bytes');
    if (this.#waiting >= maxWaiting)
      throw new HttpError(
        503,
        `${maxWaiting} images are waiting to be scanned; try again shortly`,
        {
          retryAfterS: 10,
        },
      );
    const job: FirmwareJob = {
      id: this.#next++,
      file,
      sizeBytes: bytes.length,
      state: 'queued',
      stage: 'waiting',
    };
    this.#jobs.set(job.id, job);
    this.#forget();
    this.#waiting++;
    // The request's body is handed back to the server's upload budget once answered: keep a copy.
    const copy = new Uint8Array(bytes);
    this.#queue = this.#queue.then(() => this.#run(job, copy));
    return { ...job };
  }

  /** A job's state, or undefined when unknown (or long forgotten). */
  get(id: number): FirmwareJob | undefined {
    const job = this.#jobs.get(id);
    return job === undefined ? undefined : { ...job };
  }

  /** Resolves once every queued image is done. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  async #run(job: FirmwareJob, bytes: Uint8Array): Promise<void> {
    this.#waiting--;
    job.state = 'running';
    job.stage = 'unpacking and searching';
    try {
      const report = await scanFirmwareBytes(bytes, job.file, this.kb, this.now());
      job.stage = 'saving';
      const saved = await this.store.firmware.save(toFirmwareScan(report));
      job.scanId = saved.id;
      job.state = 'done';
      job.stage = 'saved';
    } catch (e) {
      job.state = 'failed';
      job.stage = 'failed';
      job.error = e instanceof SousveilError ? e.message : 'the image could not be scanned';
    }
  }

  #forget(): void {
    for (const [id, j] of this.#jobs) {
      if (this.#jobs.size <= maxKept) break;
      if (j.state === 'done' || j.state === 'failed') this.#jobs.delete(id);
    }
  }
}
