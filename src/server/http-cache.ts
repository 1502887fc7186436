// Answers built once and kept: the body, its gzip and the header lists. The GET cache is bounded
// by bytes, not entries, evicts the least recently used, and empties when the store's generation
// moves (a write here, or a commit by another process such as a CLI import into the same file).
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import { SECURITY_HEADERS } from './http-headers.js';

const gzip = promisify(gzipCallback);

/** Bodies above this are compressed on the thread pool rather than on the event loop. */
const syncGzipBytes = 64 * 1024;

export interface Cached {
  status: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** Response headers, built once: plain, gzip, and not-modified. */
  plainHeaders: string[];
  gzipHeaders: string[];
  notModifiedHeaders: string[];
}

/** Builds a cacheable answer: gzip, ETag and header lists computed once. */
export async function buildCached(
  status: number,
  type: string,
  body: Buffer,
  cacheControl: string,
): Promise<Cached> {
  const zipped =
    body.length > syncGzipBytes ? await gzip(body, { level: 6 }) : gzipSync(body, { level: 6 });
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
  const common = [
    ...Object.entries(SECURITY_HEADERS).flat(),
    'content-type',
    type,
    'cache-control',
    cacheControl,
    'etag',
    etag,
    'vary',
    'accept-encoding',
  ];
  return {
    status,
    body,
    gzip: zipped,
    etag,
    plainHeaders: [...common, 'content-length', String(body.length)],
    gzipHeaders: [...common, 'content-encoding', 'gzip', 'content-length', String(zipped.length)],
    notModifiedHeaders: common,
  };
}

/** What an entry costs: both bodies, the key and the header strings (an estimate of the latter). */
function costOf(key: string, c: Cached): number {
  return c.body.length + c.gzip.length + 2 * key.length + 1024;
}

/** A least-recently-used map of answers whose total cost stays under `maxBytes`. */
export class ResponseCache {
  readonly #entries = new Map<string, { value: Cached; cost: number }>();
  #bytes = 0;
  #generation: string | undefined;

  constructor(
    readonly maxBytes: number,
    /** One answer may take at most this much; larger ones are sent but not kept. */
    readonly maxEntryBytes = Math.floor(maxBytes / 8),
  ) {}

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The generation the entries belong to. */
  get generation(): string | undefined {
    return this.#generation;
  }

  /** Empties the cache when the store moved to another generation. */
  sync(generation: string): void {
    if (generation === this.#generation) return;
    this.clear();
    this.#generation = generation;
  }

  get(key: string): Cached | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    // Re-inserting moves the entry to the young end of the Map's order.
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit.value;
  }

  /** Keeps `value` if it was computed in the current generation and fits. */
  set(key: string, value: Cached, generation: string | undefined): void {
    if (generation !== this.#generation) return;
    const cost = costOf(key, value);
    if (cost > this.maxEntryBytes) return;
    this.delete(key);
    this.#entries.set(key, { value, cost });
    this.#bytes += cost;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.cost;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  private delete(key: string): void {
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= old.cost;
  }
}
