// An app file read in part: most of a large APK is assets and media that no rule looks at, so
// only its ZIP directory and the entries parsed are read into memory, while the SHA-256 of the
// whole file is taken in one streaming pass through a small buffer, in a worker thread for a
// large file so that it runs beside the parsing. Regular files only: a pipe or a device cannot
// be read at an offset, and is read whole by the caller instead.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { UserError } from '../shared/errors.js';
import { cannotRead, tooLarge } from '../shared/fs-bounded.js';
import type { RangeLoader } from './zip.js';

const hashChunkBytes = 1024 * 1024;

/** From this size on the hash runs in a worker thread: below, starting one costs more than it saves. */
export const hashInWorkerFromBytes = 32 * 1024 ** 2;

/**
 * The hashing loop, as the worker runs it (a CommonJS script given as text, so the same code runs
 * from dist/ and from the sources under test). Threads share the file descriptor table: it reads
 * the caller's descriptor at explicit offsets, which never moves a position the caller uses.
 */
const hashWorkerScript = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { readSync } = require('node:fs');
const { fd, size, chunkBytes } = workerData;
try {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(chunkBytes);
  let total = 0;
  for (;;) {
    const got = readSync(fd, chunk, 0, chunk.length, total);
    if (got === 0) break;
    total += got;
    if (total > size) break;
    hash.update(chunk.subarray(0, got));
  }
  parentPort.postMessage(total === size ? { sha256: hash.digest('hex') } : { changed: true });
} catch (e) {
  parentPort.postMessage({ error: String(e && e.message) });
}
`;

type HashMessage = { sha256: string } | { changed: true } | { error: string };

/** An open regular file: an image of its size, filled where `load` is told to. */
export interface PartialFile {
  /** The file's size in bytes; unread parts are zeros until loaded. */
  readonly bytes: Uint8Array;
  readonly load: RangeLoader;
  /** Bytes read into the image so far. */
  readonly loadedBytes: () => number;
  /** The SHA-256 of the whole file, streamed; refuses a file whose size changed. */
  readonly sha256: () => Promise<string>;
  /** Closes the file, once the hash is done (a worker may still be reading it). */
  readonly close: () => Promise<void>;
}

/** Opens `path` for reading in part, or says undefined when it is not a regular file. */
export function openPartialFile(
  path: string,
  limitBytes: number,
  workerFromBytes = hashInWorkerFromBytes,
): PartialFile | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw cannotRead(path, e);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    return undefined;
  }
  if (st.size > limitBytes) {
    closeSync(fd);
    throw tooLarge(path, limitBytes);
  }
  const size = st.size;
  // Zero-filled and only touched where loaded: untouched pages take no memory.
  const bytes = new Uint8Array(size);
  let loaded = 0;
  const changed = (): UserError =>
    new UserError(`${path}: changed while being read (it was ${size} bytes)`);
  const load: RangeLoader = (start, end) => {
    const from = Math.max(0, Math.floor(start));
    const to = Math.min(size, Math.ceil(end));
    if (!(to > from)) return;
    for (let at = from; at < to;) {
      const got = readSync(fd, bytes, at, to - at, at);
      if (got === 0) throw changed();
      at += got;
      loaded += got;
    }
  };
  const hashHere = (): string => {
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(hashChunkBytes);
    let total = 0;
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, total);
      if (got === 0) break;
      total += got;
      if (total > size) throw changed();
      hash.update(chunk.subarray(0, got));
    }
    if (total !== size) throw changed();
    return hash.digest('hex');
  };
  // A large file starts hashing now, beside the parsing; a small one when asked.
  const inWorker = size >= workerFromBytes ? hashInWorker(fd, size) : undefined;
  const sha256 = async (): Promise<string> => {
    if (inWorker === undefined) return hashHere();
    const m = await inWorker;
    if ('sha256' in m) return m.sha256;
    if ('changed' in m) throw changed();
    throw cannotRead(path, new Error(m.error));
  };
  const close = async (): Promise<void> => {
    await inWorker?.catch(() => undefined);
    closeSync(fd);
  };
  return { bytes, load, loadedBytes: () => loaded, sha256, close };
}

function hashInWorker(fd: number, size: number): Promise<HashMessage> {
  return new Promise((resolve) => {
    const worker = new Worker(hashWorkerScript, {
      eval: true,
      workerData: { fd, size, chunkBytes: hashChunkBytes },
    });
    worker.once('message', (m: HashMessage) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      resolve({ error: e.message });
    });
  });
}
