// Answers built once and kept: the body, its gzip and the header lists. The GET cache is bounded
// by bytes, not entries, and evicts the least recently used. Each answer names the store areas it
// was read from; when the store changes (a write here, or a commit by another process such as a
// CLI import into the same file), answers from the changed areas go, or all of them when the
// store cannot tell what changed.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import { changedAreas, type StoreArea, type StoreChanges } from '../store/index.js';
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

/** Where the store stood when an answer was computed. */
export interface CacheSnapshot {
  epoch: number;
  changes: StoreChanges | undefined;
}

interface Entry {
  value: Cached;
  cost: number;
  areas: readonly StoreArea[];
}

/** A least-recently-used map of answers whose total cost stays under `maxBytes`. */
export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #changes: StoreChanges | undefined;
  /** Moves whenever everything is dropped, so answers computed before are not kept. */
  #epoch = 0;

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

  /** Where the store stands for answers computed now. */
  snapshot(): CacheSnapshot {
    return { epoch: this.#epoch, changes: this.#changes };
  }

  /** Drops the answers read from what changed since the last look at the store. */
  sync(changes: StoreChanges): void {
    const moved = changedAreas(this.#changes, changes);
    this.#changes = changes;
    if (moved === 'all') return this.clear();
    if (moved.length === 0) return;
    for (const [key, e] of this.#entries)
      if (e.areas.some((a) => moved.includes(a))) this.#delete(key);
  }

  get(key: string): Cached | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    // Re-inserting moves the entry to the young end of the Map's order.
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit.value;
  }

  /** Keeps `value`, read from `areas` at `at`, if those areas did not change since, and it fits. */
  set(key: string, value: Cached, areas: readonly StoreArea[], at: CacheSnapshot): void {
    if (at.epoch !== this.#epoch) return;
    if (areas.some((a) => at.changes?.areas[a] !== this.#changes?.areas[a])) return;
    const cost = costOf(key, value);
    if (cost > this.maxEntryBytes) return;
    this.#delete(key);
    this.#entries.set(key, { value, cost, areas });
    this.#bytes += cost;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.cost;
    }
  }

  /** Drops every answer. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
    this.#epoch++;
  }

  #delete(key: string): void {
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= old.cost;
  }
}
