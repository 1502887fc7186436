// `agent run`'s cycle: scan, queue the result, send the queue; again every `--every` until told to
// stop. A stop abandons the scan in progress (the queue is never written half) and ends any wait.
import {
  drainQueue,
  formatDuration,
  type RetryPolicy,
  type SendEvent,
  type UploadAnswer,
} from '../agent/index.js';
import type { FsQueue } from '../agent/index-node.js';
import type { QueuedResult } from '../agent/index.js';
import { SousveilError } from '../shared/errors.js';

/** What one cycle needs; the command builds it from the flags and the enrollment. */
export interface AgentLoop {
  queue: FsQueue;
  /** Runs one scan and returns its JSON document. */
  scan: () => Promise<{ body: Uint8Array; hosts: number; covered: number }>;
  post: (r: QueuedResult, body: Uint8Array) => Promise<UploadAnswer>;
  /** Seconds between cycles; undefined runs one cycle. */
  everyS: number | undefined;
  once: boolean;
  retry: RetryPolicy;
  /** Resolves when the process is told to stop. */
  stopped: Promise<string>;
  log: (event: { event: string } & Record<string, unknown>, text: string) => void;
  now: () => Date;
  rng: () => number;
}

/** Runs cycles until done or stopped; resolves with the exit code. Throws when the token is refused. */
export async function runAgentLoop(a: AgentLoop): Promise<number> {
  let stopReason: string | undefined;
  void a.stopped.then((r) => (stopReason = r));
  const stop = a.stopped.then(() => 'stopped' as const);
  const sleep = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const t = setTimeout(() => resolve(true), ms);
      void stop.then(() => {
        clearTimeout(t);
        resolve(false);
      });
    });
  for (;;) {
    const started = a.now().getTime();
    const scanned = await Promise.race([a.scan(), stop]);
    if (scanned === 'stopped' || stopReason !== undefined)
      return stopped(a, stopReason, 'the scan in progress was abandoned; ');
    await enqueue(a, scanned, started);
    const drained = await drainQueue({
      queue: a.queue,
      post: a.post,
      sleep,
      log: sendLogger(a),
      rng: a.rng,
      retry: a.retry,
      stopping: () => stopReason !== undefined,
    });
    if (drained.stop !== undefined) throw new SousveilError('refused', `agent: ${drained.stop}`);
    if (drained.left > 0)
      a.log(
        { event: 'waiting', queued: drained.left },
        `${drained.left} result(s) kept in the queue, sent at the next cycle`,
      );
    if (a.everyS === undefined || a.once) return 0;
    const waitMs = Math.max(0, started + a.everyS * 1000 - a.now().getTime());
    a.log(
      { event: 'sleep', ms: waitMs },
      `next scan in ${formatDuration(Math.ceil(waitMs / 1000))}`,
    );
    if (!(await sleep(waitMs))) return stopped(a, stopReason, '');
  }
}

async function enqueue(
  a: AgentLoop,
  s: { body: Uint8Array; hosts: number; covered: number },
  startedMs: number,
): Promise<void> {
  const seconds = ((a.now().getTime() - startedMs) / 1000).toFixed(1);
  const q = await a.queue.add(s.body, a.now());
  if (!q.ok) {
    a.log({ event: 'queue-full', reason: q.reason }, `warning: ${q.reason}`);
    return;
  }
  a.log(
    {
      event: 'scanned',
      uploadId: q.result.uploadId,
      hosts: s.hosts,
      covered: s.covered,
      bytes: q.result.bytes,
    },
    `scanned in ${seconds} s: ${s.hosts} host(s) answered, ${s.covered} covered; queued as ${q.result.uploadId}`,
  );
}

async function stopped(a: AgentLoop, reason: string | undefined, what: string): Promise<number> {
  const st = await a.queue.stats();
  a.log(
    { event: 'stopped', reason: reason ?? 'stop', queued: st.count },
    `stopped (${reason ?? 'stop'}): ${what}${st.count} result(s) kept in the queue`,
  );
  return 0;
}

function sendLogger(a: AgentLoop): (e: SendEvent) => void {
  return (e) => a.log(e, sendText(e));
}

function sendText(e: SendEvent): string {
  switch (e.event) {
    case 'sent':
      if (e.scanId === undefined) return `sent ${e.uploadId}`;
      return e.duplicate
        ? `sent ${e.uploadId}: the server had it already (scan ${e.scanId})`
        : `sent ${e.uploadId}: scan ${e.scanId} on the server, ${e.hosts ?? 0} host(s)`;
    case 'retry':
      return `could not send ${e.uploadId} (${e.reason}); try ${e.attempt + 1} in ${(e.waitMs / 1000).toFixed(1)} s`;
    case 'rejected':
      return `the server rejected ${e.uploadId} (${e.reason}); moved to rejected/, never sent again`;
    case 'deferred':
      return `could not send ${e.uploadId} (${e.reason}); it waits in the queue`;
  }
}
