// How many reports one network sends in a day, counted without keeping the network: the /24
// (IPv4) or /48 (IPv6) prefix is hashed with HMAC-SHA256 under a random key that lives only in
// this process's memory and is replaced, with every count, when the UTC day changes. The address
// itself is never stored, logged or put in an error; after the day ends the counts cannot be tied
// to a prefix even by someone holding the process's memory from then on.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { HttpError } from '../shared/errors.js';

export interface ReportLimitOptions {
  /** Reports one prefix may send per UTC day. */
  perDay: number;
  /** What is counted, for the refusal's message (default `reports`). */
  what?: string;
  /** The current time (ms since the epoch); Date.now by default. */
  nowMs?: () => number;
  /** The key's bytes; random by default (tests pass their own). */
  newKey?: () => Buffer;
  /** Most prefixes counted at once; past it the day's counting starts again (bounds memory). */
  maxPrefixes?: number;
}

/** Counts reports per hashed network prefix, per UTC day, in memory only. */
export class ReportLimit {
  readonly #perDay: number;
  readonly #what: string;
  readonly #now: () => number;
  readonly #newKey: () => Buffer;
  readonly #maxPrefixes: number;
  #day = -1;
  #key: Buffer = Buffer.alloc(0);
  readonly #counts = new Map<string, number>();

  constructor(options: ReportLimitOptions) {
    this.#perDay = options.perDay;
    this.#what = options.what ?? 'reports';
    this.#now = options.nowMs ?? Date.now;
    this.#newKey = options.newKey ?? (() => randomBytes(32));
    this.#maxPrefixes = options.maxPrefixes ?? 100_000;
  }

  /** Counts one report from `address`, or throws a 429 once its prefix has sent its day's share. */
  take(address: string | undefined): void {
    this.#rotate();
    if (this.#counts.size >= this.#maxPrefixes) this.#counts.clear();
    const key = this.keyOf(address);
    const n = this.#counts.get(key) ?? 0;
    if (n >= this.#perDay) {
      const msToMidnight = 86_400_000 - (this.#now() % 86_400_000);
      throw new HttpError(
        429,
        `this network has sent ${this.#perDay} ${this.#what} today, the limit; try again tomorrow (UTC)`,
        { retryAfterS: Math.ceil(msToMidnight / 1000) },
      );
    }
    this.#counts.set(key, n + 1);
  }

  /** Prefixes counted today (for tests and stats). */
  get size(): number {
    return this.#counts.size;
  }

  /** The hashed prefix of `address` under today's key (hex). */
  keyOf(address: string | undefined): string {
    this.#rotate();
    return createHmac('sha256', this.#key)
      .update(prefixOf(address ?? ''))
      .digest('hex');
  }

  #rotate(): void {
    const day = Math.floor(this.#now() / 86_400_000);
    if (day === this.#day) return;
    this.#key.fill(0);
    this.#key = this.#newKey();
    this.#counts.clear();
    this.#day = day;
  }
}

/**
 * The network an address belongs to for counting: the /24 of IPv4 (also when written as
 * IPv4-mapped IPv6), the /48 of IPv6; anything else counts as one unknown network.
 */
export function prefixOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const v4 = mapped ?? address;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(address)) return `${expandIPv6(address).slice(0, 3).join(':')}::/48`;
  return 'unknown';
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const plain = address.replace(/%.*$/, '').toLowerCase();
  const [head = '', tail] = plain.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...fill, ...right].map((g) =>
    g.includes('.') ? g : parseInt(g, 16).toString(16),
  );
}
