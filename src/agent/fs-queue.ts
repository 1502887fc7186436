// The agent's queue of finished scans on disk: one file per result, named by when the scan
// finished and the upload id made then, written whole or not at all (temp file, fsync, rename,
// fsync of the folder), so a crash or a power cut never leaves half a result to send.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readBounded } from '../shared/fs-bounded.js';
import type { QueuedResult, ResultQueue } from './sender.js';

/** How much the queue may hold; past either, a new result is refused and the oldest are kept. */
export interface QueueLimits {
  maxCount: number;
  maxBytes: number;
}

/** Default limits: 500 results or 1 GiB, whichever comes first. */
export const defaultQueueLimits: QueueLimits = { maxCount: 500, maxBytes: 1024 ** 3 };

/** Queued file names: 13-digit milliseconds, a 4-digit sequence, the upload id. */
const entryName = /^(\d{13})-(\d{4})-([A-Za-z0-9_-]{8,100})\.json$/;

/** What the queue holds now. */
export interface QueueStats {
  count: number;
  bytes: number;
  oldest?: string;
  rejected: number;
}

/** The outcome of queueing one result. */
export type Enqueued =
  { ok: true; result: QueuedResult } | { ok: false; reason: string; stats: QueueStats };

/** A new upload id: 24 characters of `[A-Za-z0-9_-]` from 18 random bytes. */
export function newUploadId(): string {
  return randomBytes(18).toString('base64url');
}

/** The queue in `dir` (created 0700 when missing), with `rejected/` beside the waiting ones. */
export class FsQueue implements ResultQueue {
  readonly dir: string;
  readonly #limits: QueueLimits;
  #seq = 0;

  constructor(dir: string, limits: QueueLimits = defaultQueueLimits) {
    this.dir = dir;
    this.#limits = limits;
  }

  /** Adds a finished scan unless the queue is full; `now` is when it finished. */
  async add(body: Uint8Array, now: Date): Promise<Enqueued> {
    const stats = await this.stats();
    if (
      stats.count + 1 > this.#limits.maxCount ||
      stats.bytes + body.length > this.#limits.maxBytes
    )
      return {
        ok: false,
        reason: `the queue is full (${stats.count} results, ${stats.bytes} bytes; at most ${this.#limits.maxCount} and ${this.#limits.maxBytes}): this scan was not queued, the older ones are kept`,
        stats,
      };
    const uploadId = newUploadId();
    this.#seq = (this.#seq + 1) % 10000;
    const name = `${String(now.getTime()).padStart(13, '0')}-${String(this.#seq).padStart(4, '0')}-${uploadId}.json`;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeDurably(this.dir, name, body);
    return {
      ok: true,
      result: { name, uploadId, bytes: body.length, queuedAt: now.toISOString() },
    };
  }

  /** Every waiting result, oldest first (temp files of an interrupted write are left out). */
  async list(): Promise<QueuedResult[]> {
    const names = await readdir(this.dir).catch(ifMissing<string[]>([]));
    const out: QueuedResult[] = [];
    for (const name of names.filter((n) => entryName.test(n)).sort()) {
      const m = entryName.exec(name) as RegExpExecArray;
      const size = await stat(join(this.dir, name)).then((s) => s.size, ifMissing(-1));
      if (size < 0) continue;
      const queuedAt = new Date(Number(m[1])).toISOString();
      out.push({ name, uploadId: m[3] as string, bytes: size, queuedAt });
    }
    return out;
  }

  async read(r: QueuedResult): Promise<Uint8Array> {
    return readBounded(join(this.dir, r.name), this.#limits.maxBytes);
  }

  async remove(r: QueuedResult): Promise<void> {
    await rm(join(this.dir, r.name), { force: true });
    await syncDir(this.dir);
  }

  async reject(r: QueuedResult, reason: string): Promise<void> {
    const aside = join(this.dir, 'rejected');
    await mkdir(aside, { recursive: true, mode: 0o700 });
    await writeDurably(aside, `${r.name}.reason.txt`, new TextEncoder().encode(`${reason}\n`));
    await rename(join(this.dir, r.name), join(aside, r.name));
    await syncDir(aside);
    await syncDir(this.dir);
  }

  /** Removes temp files an interrupted write left (call it only under the run's lock). */
  async sweepTemp(): Promise<void> {
    const names = await readdir(this.dir).catch(ifMissing<string[]>([]));
    for (const n of names) if (n.startsWith('.tmp-')) await rm(join(this.dir, n), { force: true });
  }

  async stats(): Promise<QueueStats> {
    const all = await this.list();
    const rejected = await readdir(join(this.dir, 'rejected')).catch(ifMissing<string[]>([]));
    const first = all[0];
    return {
      count: all.length,
      bytes: all.reduce((n, r) => n + r.bytes, 0),
      ...(first === undefined ? {} : { oldest: first.queuedAt }),
      rejected: rejected.filter((n) => entryName.test(n)).length,
    };
  }
}

/** Writes `name` in `dir` whole: a private temp file, fsync, rename over, fsync the folder. */
export async function writeDurably(dir: string, name: string, data: Uint8Array): Promise<void> {
  const temp = join(dir, `.tmp-${randomBytes(6).toString('hex')}-${name}`);
  const fh = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(temp, join(dir, name));
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function ifMissing<T>(value: T): (e: unknown) => T {
  return (e) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return value;
    throw e;
  };
}
