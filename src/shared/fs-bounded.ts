// Reading files under a size limit that counts the bytes actually read. `stat` says 0 for a pipe
// or a device and is stale for a file still growing, so it is only a hint for the first buffer;
// `/dev/zero`, a FIFO or a growing file is refused with one line as soon as the limit passes.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UserError } from './errors.js';

/** A size in words: `512 MiB`, `64 KiB`, `100 bytes`. */
export function bytesText(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GiB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** The one line for a file over its limit; `advice` says what to do (e.g. "split it"). */
export function tooLarge(path: string, limitBytes: number, advice?: string): UserError {
  return new UserError(
    `${path}: larger than ${bytesText(limitBytes)}, the limit for one file; stopped reading there` +
      (advice === undefined ? '' : `; ${advice}`),
  );
}

/** The one line for a file that cannot be opened or read, by its error code. */
export function cannotRead(path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : (e as Error).message;
  return new UserError(`${path}: cannot read it: ${why}`, { cause: e });
}

/**
 * Reads all of `path`, refusing it once more than `limitBytes` have been read; `onChunk` sees
 * each piece as it is read (to hash it while it is in cache, or to tell progress).
 */
export function readBounded(
  path: string,
  limitBytes: number,
  advice?: string,
  onChunk?: (chunk: Uint8Array, readSoFar: number) => void,
): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw cannotRead(path, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw cannotRead(path, Object.assign(new Error(), { code: 'EISDIR' }));
    // One byte past the expected end tells a file that grew from one that ended.
    let buf = Buffer.allocUnsafe(Math.min(limitBytes + 1, st.isFile() ? st.size + 1 : 64 * 1024));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(limitBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      // At most 8 MiB a read, so `onChunk` hears of a large file as it goes.
      const got = readSync(fd, buf, n, Math.min(buf.length - n, 8 * 1024 ** 2), null);
      if (got === 0) return buf.subarray(0, n);
      n += got;
      if (n > limitBytes) throw tooLarge(path, limitBytes, advice);
      onChunk?.(buf.subarray(n - got, n), n);
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw cannotRead(path, e);
  } finally {
    closeSync(fd);
  }
}

/** `readBounded` with the SHA-256 of the bytes, hashed chunk by chunk as they are read. */
export function readBoundedHashed(
  path: string,
  limitBytes: number,
  onProgress?: (readSoFar: number) => void,
): { bytes: Uint8Array; sha256: string } {
  const hash = createHash('sha256');
  const bytes = readBounded(path, limitBytes, undefined, (chunk, readSoFar) => {
    hash.update(chunk);
    onProgress?.(readSoFar);
  });
  return { bytes, sha256: hash.digest('hex') };
}

/** `readBounded` as UTF-8 text (a byte-order mark is kept, as `readFileSync` keeps it). */
export function readBoundedText(path: string, limitBytes: number, advice?: string): string {
  return Buffer.from(readBounded(path, limitBytes, advice)).toString('utf8');
}

/**
 * Streams `path` in chunks of at most `chunkBytes`, refusing it once more than `limitBytes` have
 * been read. Each chunk is a fresh buffer the caller may keep.
 */
export async function* readBoundedChunks(
  path: string,
  limitBytes: number,
  options: { advice?: string; chunkBytes?: number } = {},
): AsyncGenerator<Uint8Array> {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw cannotRead(path, e);
  }
  try {
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(chunkBytes);
      let got: number;
      try {
        got = (await handle.read(buf, 0, chunkBytes, null)).bytesRead;
      } catch (e) {
        throw cannotRead(path, e);
      }
      if (got === 0) return;
      total += got;
      if (total > limitBytes) throw tooLarge(path, limitBytes, options.advice);
      yield buf.subarray(0, got);
    }
  } finally {
    await handle.close();
  }
}
