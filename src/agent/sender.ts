// Sends the queued results, oldest first (pure: the queue, the network, the clock and randomness
// are handed in). A result leaves the queue only when the server has it; what cannot be sent now
// stays, in order, for the next try; the upload id makes a resend after a lost answer harmless.
import { judgeAnswer, type AnswerVerdict, type UploadAnswer } from './answer.js';

/** One queued result: a file named by when it was made and its upload id. */
export interface QueuedResult {
  name: string;
  uploadId: string;
  bytes: number;
  /** When the scan finished, ISO 8601. */
  queuedAt: string;
}

/** The queue as the sender needs it. */
export interface ResultQueue {
  /** Every queued result, oldest first. */
  list: () => Promise<QueuedResult[]>;
  read: (r: QueuedResult) => Promise<Uint8Array>;
  remove: (r: QueuedResult) => Promise<void>;
  /** Moves it aside for good, with the server's reason beside it. */
  reject: (r: QueuedResult, reason: string) => Promise<void>;
}

/** What happened to one result, for the log. */
export type SendEvent =
  | { event: 'sent'; uploadId: string; scanId?: number; hosts?: number; duplicate: boolean }
  | { event: 'retry'; uploadId: string; reason: string; attempt: number; waitMs: number }
  | { event: 'rejected'; uploadId: string; reason: string }
  | { event: 'deferred'; uploadId: string; reason: string; left: number };

export interface RetryPolicy {
  /** Tries of one result in one drain before it waits for the next cycle. */
  tries: number;
  baseMs: number;
  capMs: number;
}

export interface SendDeps {
  queue: ResultQueue;
  /** Posts one result; throws when no answer came (refused, reset, timed out). */
  post: (r: QueuedResult, body: Uint8Array) => Promise<UploadAnswer>;
  /** Waits; resolves false when the run is stopping. */
  sleep: (ms: number) => Promise<boolean>;
  log: (e: SendEvent) => void;
  /** A number in [0, 1), for jitter. */
  rng: () => number;
  retry: RetryPolicy;
  /** True once the run is stopping: no further result is started. */
  stopping?: () => boolean;
}

/** How a drain ended. */
export interface DrainResult {
  sent: number;
  rejected: number;
  /** Results still queued. */
  left: number;
  /** Why sending must not go on (a refused token), if so. */
  stop?: string;
}

/** Sends every queued result, oldest first, until the queue is empty or the server is away. */
export async function drainQueue(d: SendDeps): Promise<DrainResult> {
  const queued = await d.queue.list();
  const out: DrainResult = { sent: 0, rejected: 0, left: queued.length };
  for (const r of queued) {
    if (d.stopping?.() === true) break;
    const step = await sendOne(d, r, queued.length - out.sent - out.rejected);
    if (step === 'sent') out.sent++;
    else if (step === 'rejected') out.rejected++;
    else {
      if (step.stop !== undefined) out.stop = step.stop;
      break;
    }
  }
  out.left = queued.length - out.sent - out.rejected;
  return out;
}

async function sendOne(
  d: SendDeps,
  r: QueuedResult,
  left: number,
): Promise<'sent' | 'rejected' | { stop?: string }> {
  const body = await d.queue.read(r);
  for (let attempt = 1; ; attempt++) {
    const v = await d.post(r, body).then(judgeAnswer, (e: unknown): AnswerVerdict => ({
      kind: 'retry',
      reason: `no answer: ${e instanceof Error ? e.message : String(e)}`,
    }));
    if (v.kind === 'sent') {
      await d.queue.remove(r);
      const res = v.result;
      d.log({
        event: 'sent',
        uploadId: r.uploadId,
        ...(res === undefined ? {} : { scanId: res.id, hosts: res.hosts }),
        duplicate: res?.duplicate === true,
      });
      return 'sent';
    }
    if (v.kind === 'rejected') {
      await d.queue.reject(r, v.reason);
      d.log({ event: 'rejected', uploadId: r.uploadId, reason: v.reason });
      return 'rejected';
    }
    if (v.kind === 'stop') return { stop: v.reason };
    if (attempt >= d.retry.tries) {
      d.log({ event: 'deferred', uploadId: r.uploadId, reason: v.reason, left });
      return {};
    }
    const waitMs = backoffMs(attempt, d.retry, d.rng, v.retryAfterS);
    d.log({ event: 'retry', uploadId: r.uploadId, reason: v.reason, attempt, waitMs });
    if (!(await d.sleep(waitMs))) return {};
  }
}

/** Exponential backoff with jitter, capped; a server's Retry-After is honoured up to the cap. */
export function backoffMs(
  attempt: number,
  p: Pick<RetryPolicy, 'baseMs' | 'capMs'>,
  rng: () => number,
  retryAfterS?: number,
): number {
  const exp = Math.min(p.capMs, p.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(exp / 2 + (rng() * exp) / 2);
  return Math.min(p.capMs, Math.max(jittered, (retryAfterS ?? 0) * 1000));
}
