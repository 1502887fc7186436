// .osm.pbf through osm-pbf-parser-node (a maintained streaming reader over mapbox's pbf): blocks
// are decoded as the file streams by, never the whole file at once. Element metadata (user,
// uid, changeset, version) is not decoded at all (`withInfo: false`).
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { OSMTransform } from 'osm-pbf-parser-node';
import { ParseError } from '../shared/errors.js';
import type { OsmBatch, OsmItem, ReadHint } from './osm-element.js';

interface PbfEntity {
  type?: 'node' | 'way' | 'relation';
  id?: number;
  lat?: number;
  lon?: number;
  refs?: number[];
  tags?: Record<string, string>;
  position?: string;
}

/** Shared by every untagged element: the import only reads tags. */
const noTags: Record<string, string> = Object.freeze({});

/**
 * The library's transform throws from inside `_transform` on a malformed block, which would escape
 * the stream as an uncaught exception; here every such throw becomes the stream's error.
 */
class GuardedPbfTransform extends OSMTransform {
  override _transform(
    chunk: Buffer,
    encoding: BufferEncoding,
    next: (e?: Error | null) => void,
  ): void {
    try {
      super._transform(chunk, encoding, next);
    } catch (e) {
      next(e as Error);
    }
  }

  override _flush(done: (e?: Error | null) => void): void {
    try {
      super._flush(done);
    } catch (e) {
      done(e as Error);
    }
  }
}

/** Options the PBF reader shares with the text readers. */
export interface PbfReadOptions {
  maxBytes: number;
  onProgress?: (readBytes: number, totalBytes: number) => void;
}

/** Whether untagged elements can be left out of a batch in a worker (built code only). */
function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

/**
 * Streams a PBF file's elements in the readers' shape, one block per batch. With a hint, the
 * blocks are decoded in a worker thread (the second core) and only tagged elements and those in
 * `keep` cross to this thread: a country's untagged nodes are most of its file.
 */
export function readPbf(
  path: string,
  size: number,
  options: PbfReadOptions,
  hint?: ReadHint,
): AsyncIterable<OsmBatch> {
  if (hint === undefined) return readPbfHere(path, size, options);
  if (workersAvailable()) return readPbfInWorker(path, size, options, hint);
  return readPbfHere(path, size, options, (type, id) => hint.keep.has(`${type[0] ?? ''}${id}`));
}

/** Ids to keep as sorted numbers by element type (`n`, `w`, `r`): compact to send and search. */
export type KeptIds = Record<'n' | 'w' | 'r', Float64Array<ArrayBuffer>>;

function keptIds(keep: ReadonlySet<string>): KeptIds {
  const lists: Record<'n' | 'w' | 'r', number[]> = { n: [], w: [], r: [] };
  for (const id of keep) {
    const t = id[0];
    if (t === 'n' || t === 'w' || t === 'r') lists[t].push(Number(id.slice(1)));
  }
  const sorted = (xs: number[]): Float64Array<ArrayBuffer> => Float64Array.from(xs).sort();
  return { n: sorted(lists.n), w: sorted(lists.w), r: sorted(lists.r) };
}

/** Whether `id` of `type` is among the kept ids (binary search). */
export function isKept(kept: KeptIds, type: string, id: number): boolean {
  const xs = kept[(type[0] ?? 'n') as 'n' | 'w' | 'r'];
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = xs[mid] ?? 0;
    if (x === id) return true;
    if (x < id) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** What the worker posts: a batch, the end, or the error that ended it. */
export type PbfWorkerMessage =
  | { kind: 'batch'; items: OsmItem[]; untagged: number; read: number; total: number }
  | { kind: 'done' }
  | {
      kind: 'error';
      parse?: { source: string; reason: string; position?: string };
      message: string;
    };

/** Batches the worker may post ahead of the import (bounds the memory between the threads). */
const aheadBatches = 4;

async function* readPbfInWorker(
  path: string,
  size: number,
  options: PbfReadOptions,
  hint: ReadHint,
): AsyncGenerator<OsmBatch> {
  const kept = keptIds(hint.keep);
  const worker = new Worker(new URL('./fs-osm-pbf-worker.js', import.meta.url), {
    workerData: { path, size, maxBytes: options.maxBytes, kept, ahead: aheadBatches },
    transferList: [kept.n.buffer, kept.w.buffer, kept.r.buffer],
    // Decoding makes short-lived objects by the million; a bounded heap makes V8 collect them
    // rather than grow (a PBF block is at most 32 MiB, a few batches are in flight).
    resourceLimits: { maxOldGenerationSizeMb: 160 },
  });
  const queue: PbfWorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failed: Error | undefined;
  const push = (m: PbfWorkerMessage): void => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (e) => {
    failed = e;
    wake?.();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (failed !== undefined) throw failed;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.kind === 'done') return;
      if (m.kind === 'error')
        throw m.parse === undefined
          ? new ParseError(path, m.message)
          : new ParseError(m.parse.source, m.parse.reason, m.parse.position);
      worker.postMessage('ack');
      options.onProgress?.(m.read, m.total);
      yield Object.assign(m.items, { untagged: m.untagged });
    }
  } finally {
    await worker.terminate();
  }
}

/** Reads in this thread; with `keep`, untagged elements it refuses are counted, not kept. */
export async function* readPbfHere(
  path: string,
  size: number,
  options: PbfReadOptions,
  keep?: (type: string, id: number) => boolean,
): AsyncGenerator<OsmBatch> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let block = 0;
  file.on('data', (c: string | Buffer) => {
    bytes += c.length;
    if (bytes > options.maxBytes)
      file.destroy(
        new ParseError(
          path,
          `larger than the limit of ${options.maxBytes} bytes`,
          `byte ${options.maxBytes}`,
        ),
      );
  });
  const parser = new GuardedPbfTransform({ withTags: true, withInfo: false });
  const stream = pipeline(file, parser, () => undefined);
  try {
    for await (const chunk of stream) {
      block++;
      // The library's objects are reused as they are (no copy per node: a country has millions);
      // only the header block, which has no type, is left out.
      const batch = chunk as PbfEntity[];
      const position = `block ${block}`;
      const out: OsmItem[] = [];
      let untagged = 0;
      for (const e of batch) {
        if (e.type === undefined || e.id === undefined) continue;
        if (keep !== undefined && e.tags === undefined && !keep(e.type, e.id)) {
          untagged++;
          continue;
        }
        e.tags ??= noTags;
        e.position = position;
        if (e.type === 'way') e.refs ??= [];
        out.push(e as OsmItem);
      }
      options.onProgress?.(bytes, size);
      if (out.length + untagged > 0) yield Object.assign(out, { untagged });
    }
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError(
      path,
      `not a readable .osm.pbf: ${(e as Error).message}`,
      `block ${block + 1}, near byte ${bytes}`,
      { cause: e },
    );
  } finally {
    file.destroy();
  }
}
