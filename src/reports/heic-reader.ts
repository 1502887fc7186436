// HEIC decoding one worker thread away (see worker-heic.ts) when this package runs compiled, in
// the caller's thread otherwise (a .ts source cannot be a worker without a loader, so tests decode
// in their own thread). The worker starts on the first HEIC and ends when none is waiting, so the
// memory libheif's WebAssembly grew to for a large photo is given back.
import { Worker } from 'node:worker_threads';
import { TooLargeError, UserError } from '../shared/errors.js';
import { decodeHeic, type RgbaImage } from './heic-decode.js';
import type { HeicReply, HeicRequest } from './worker-heic.js';

type Pending = { resolve: (i: RgbaImage) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** The HEIC `bytes` as RGBA, decoded within `maxPixels`; errors as decodeHeic gives them. */
export function readHeic(bytes: Uint8Array, maxPixels: number): Promise<RgbaImage> {
  if (!import.meta.url.endsWith('.js')) return decodeHeic(bytes, maxPixels);
  return new Promise<RgbaImage>((resolve, reject) => {
    worker ??= start();
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, bytes: bytes.slice(), maxPixels } satisfies HeicRequest);
  });
}

function start(): Worker {
  const w = new Worker(new URL('./worker-heic.js', import.meta.url));
  const failAll = (e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    if (worker === w) worker = undefined;
  };
  w.on('message', (m: HeicReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve({ data: m.data, width: m.width, height: m.height });
    else p?.reject(m.tooLarge ? new TooLargeError(m.error) : new UserError(m.error));
    if (pending.size === 0 && worker === w) {
      worker = undefined;
      void w.terminate();
    }
  });
  w.once('error', (e) =>
    failAll(new UserError(`photo: the HEIC decoder failed (${e.message.split('\n')[0]})`)),
  );
  w.once('exit', (code) => {
    if (pending.size > 0) failAll(new Error(`the HEIC decoder's thread exited (code ${code})`));
    else if (worker === w) worker = undefined;
  });
  return w;
}
