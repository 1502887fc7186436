// The PBF reader's worker threads, seen from the importing thread: each worker reads the file's
// framing and decodes every count-th data block (blocks are independent), and their batches are
// taken back in block order, so an import sees the same sequence whatever the number of workers.
import { Worker } from 'node:worker_threads';
import { ParseError } from '../shared/errors.js';
import { unpackCameras } from './camera-columns.js';
import type { PbfReadOptions, PbfWorkerMessage } from './fs-osm-pbf.js';
import type { OsmBatch, ReadHint } from './osm-element.js';

/** Batches each worker may post ahead of the import (bounds the memory between the threads). */
const aheadBatches = 3;
/**
 * From this size a file is decoded by two workers: the second costs its own kb and country shapes
 * (about half a second and 90 MB), worth it only when decoding takes longer than that.
 */
const twoWorkersFromBytes = 16 * 2 ** 20;

/**
 * Two workers for a large file into a store that holds no camera yet. A re-import holds every
 * stored id and compares every stored row (about 100 MB more at a million cameras): with a second
 * worker it would pass 500 MB, so it keeps one.
 */
function workersFor(size: number, hint: ReadHint): number {
  const held = hint.keep.lists.n.length + hint.keep.lists.w.length + hint.keep.lists.r.length;
  return size >= twoWorkersFromBytes && held === 0 ? 2 : 1;
}

/** One worker's messages as they arrive, and its failure if it crashed. */
class Inbox {
  readonly queue: PbfWorkerMessage[] = [];
  failed: Error | undefined;
}

/** Streams a PBF file's batches decoded in `count` worker threads, in block order. */
export async function* readPbfInWorkers(
  path: string,
  size: number,
  options: PbfReadOptions,
  hint: ReadHint,
  count = workersFor(size, hint),
): AsyncGenerator<OsmBatch> {
  const inboxes = Array.from({ length: count }, () => new Inbox());
  let wake: (() => void) | undefined;
  const workers = inboxes.map((inbox, index) => {
    const worker = new Worker(new URL('./fs-osm-pbf-worker.js', import.meta.url), {
      workerData: {
        path,
        size,
        maxBytes: options.maxBytes,
        // Copied, not transferred: the import still asks the same ids (8 bytes per camera).
        kept: hint.keep.lists,
        ahead: aheadBatches,
        prepare: hint.prepare,
        shard: { index, count },
      },
      // Decoding makes short-lived objects by the million; a bounded heap makes V8 collect them
      // rather than grow (a PBF block is at most 32 MiB, a few batches are in flight, plus the kb
      // and the country shapes when it makes the cameras). A young generation of 128 MB (V8's
      // default here is about 48) keeps a block's cameras young until they die: at 10 million
      // nodes, scavenges fell from 157 to 53 per worker and their time from 1.3 s to 0.27 s, and
      // the import's CPU time by a quarter; at 96 MB most of that gain was gone.
      resourceLimits: { maxOldGenerationSizeMb: 224, maxYoungGenerationSizeMb: 128 },
    });
    worker.on('message', (m: PbfWorkerMessage) => {
      inbox.queue.push(m);
      wake?.();
    });
    worker.on('error', (e) => {
      inbox.failed = e;
      wake?.();
    });
    // A worker only ends when terminated (below), or when it died without saying why.
    worker.on('exit', (code) => {
      inbox.failed ??= new Error(`the PBF reader's worker thread stopped (exit code ${code})`);
      wake?.();
    });
    return worker;
  });
  try {
    // Data block d is worker d % count's; each worker posts one message per block of its own.
    for (let turn = 0; ; turn = (turn + 1) % count) {
      const inbox = inboxes[turn] as Inbox;
      let m: PbfWorkerMessage | undefined;
      while ((m = inbox.queue.shift()) === undefined) {
        // A worker's messages stay in its queue after it ended; its failure counts once they are read.
        const crashed = inboxes.find((i) => i.failed !== undefined && i.queue.length === 0)?.failed;
        if (crashed !== undefined) throw crashed;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      // The block sequence ends where the worker whose turn it is has no block left.
      if (m.kind === 'done') return;
      if (m.kind === 'error')
        throw m.parse === undefined
          ? new ParseError(path, m.message)
          : new ParseError(m.parse.source, m.parse.reason, m.parse.position);
      workers[turn]?.postMessage('ack');
      options.onProgress?.(m.read, m.total);
      yield Object.assign(m.items, {
        untagged: m.untagged,
        ...(m.cameras === undefined ? {} : { cameras: unpackCameras(m.cameras) }),
      });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
