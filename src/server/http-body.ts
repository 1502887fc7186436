// Reading request bodies within two bounds: one upload's size, and the bytes all unfinished
// uploads hold together across connections (a reservation lasts until the upload is processed).
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../shared/errors.js';

/** Bytes of request bodies held at once, across every connection. */
export class UploadBudget {
  #used = 0;
  constructor(readonly maxBytes: number) {}

  get used(): number {
    return this.#used;
  }

  /** Reserves `n` bytes; or, when they do not fit, reserves nothing and says why (503). */
  take(n: number): HttpError | undefined {
    if (this.#used + n > this.maxBytes)
      return new HttpError(
        503,
        `the server is holding ${mib(this.#used)} of unfinished uploads, its limit; try again shortly`,
        { retryAfterS: 5 },
      );
    this.#used += n;
    return undefined;
  }

  give(n: number): void {
    this.#used = Math.max(0, this.#used - n);
  }
}

/** A body read in full, and the reservation to give back once it has been processed. */
export interface Body {
  bytes: Uint8Array;
  release: () => void;
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Reads the body within `limit` bytes (413 beyond, counted as bytes arrive, so chunked bodies
 * are bounded too) and the shared budget (503). On refusal the rest of the body is discarded,
 * not collected; the answer then carries `Connection: close` and Node ends the socket.
 */
export function readBody(req: IncomingMessage, limit: number, budget: UploadBudget): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  // A declared length is reserved whole, so an upload is refused before it is read rather than
  // halfway; a chunked one reserves as its bytes arrive.
  let held = Number.isFinite(declared) && declared > 0 ? declared : 0;
  const refused = budget.take(held);
  if (refused !== undefined) return Promise.reject(refused);
  const release = (): void => {
    budget.give(held);
    held = 0;
  };
  return new Promise<Body>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let read = 0;
    const fail = (e: Error): void => {
      req.off('data', onData);
      req.resume();
      release();
      reject(e);
    };
    const onData = (chunk: Buffer): void => {
      read += chunk.length;
      const over =
        read > limit ? tooLarge(limit) : read > held ? budget.take(read - held) : undefined;
      if (over !== undefined) return fail(over);
      held = Math.max(held, read);
      chunks.push(chunk);
    };
    req.on('data', onData);
    // Settling twice is harmless: a refused body still reaches 'end' as it is discarded.
    req.once('end', () => resolve({ bytes: joinChunks(chunks, read), release }));
    req.once('error', fail);
    const cutOff = (): void => fail(new HttpError(400, 'the upload was cut off'));
    req.once('aborted', cutOff);
    // Whatever else happens to the connection, a body that never ended gives its bytes back.
    req.once('close', () => {
      if (!req.complete) cutOff();
    });
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `the upload is over the ${limit}-byte (${mib(limit)}) limit`);
}

/** Copies into one buffer of its own (never a slice of Node's pool, so it can be transferred). */
function joinChunks(chunks: readonly Buffer[], size: number): Uint8Array {
  const out = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
