// HEIC decoding one worker thread away (see worker-heic.ts) when this package runs compiled, in
// the caller's thread otherwise (a .ts source cannot be a worker without a loader, so tests decode
// in their own thread). The worker starts on the first HEIC and ends when none is waiting (so the
// memory libheif's WebAssembly grew to for a large photo is given back) or after a failure.
import { Worker } from 'node:worker_threads';
import { TooLargeError, UserError } from '../shared/errors.js';
import { decodeHeic, type RgbaImage } from './libheif-decode.js';
import type { HeicReply, HeicRequest } from './worker-heic.js';

type Pending = { resolve: (i: RgbaImage) => void; reject: (e: Error) => void };

/** The running worker and the requests it has not answered yet. */
interface Decoder {
  worker: Worker;
  pending: Map<number, Pending>;
}

let current: Decoder | undefined;
let nextId = 1;

/** The HEIC `bytes` as RGBA, decoded within `maxPixels`; errors as decodeHeic gives them. */
export function readHeic(bytes: Uint8Array, maxPixels: number): Promise<RgbaImage> {
  if (!import.meta.url.endsWith('.js')) return decodeHeic(bytes, maxPixels);
  return new Promise<RgbaImage>((resolve, reject) => {
    current ??= start();
    const id = nextId++;
    current.pending.set(id, { resolve, reject });
    current.worker.postMessage({ id, bytes: bytes.slice(), maxPixels } satisfies HeicRequest);
  });
}

function start(): Decoder {
  const d: Decoder = {
    worker: new Worker(new URL('./worker-heic.js', import.meta.url)),
    pending: new Map(),
  };
  const failAll = (e: Error): void => {
    for (const p of d.pending.values()) p.reject(e);
    d.pending.clear();
    if (current === d) current = undefined;
  };
  d.worker.on('message', (m: HeicReply) => {
    const p = d.pending.get(m.id);
    d.pending.delete(m.id);
    if (m.ok) p?.resolve({ data: m.data, width: m.width, height: m.height });
    else p?.reject(m.tooLarge ? new TooLargeError(m.error) : new UserError(m.error));
    // After a failure libheif's state may be spoiled (an aborted WebAssembly stays aborted): the
    // thread gets no new work. An idle thread ends.
    if (!m.ok || d.pending.size === 0) {
      if (current === d) current = undefined;
      if (d.pending.size === 0) void d.worker.terminate();
    }
  });
  // libheif aborting on a malformed file ends the thread, never the server.
  d.worker.once('error', (e) =>
    failAll(new UserError(`photo: the HEIC decoder failed on it (${e.message.split('\n')[0]})`)),
  );
  d.worker.once('exit', (code) =>
    failAll(new UserError(`photo: the HEIC decoder failed on it (its thread ended, code ${code})`)),
  );
  return d;
}
