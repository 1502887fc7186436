// An app file read in part: most of a large APK is assets and media that no rule looks at, so
// only its ZIP directory and the entries parsed are read into memory, while the SHA-256 of the
// whole file is taken in one streaming pass through a small buffer. Regular files only: a pipe
// or a device cannot be read at an offset, and is read whole by the caller instead.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../shared/errors.js';
import { cannotRead, tooLarge } from '../shared/fs-bounded.js';
import type { RangeLoader } from './zip.js';

const hashChunkBytes = 1024 * 1024;

/** An open regular file: an image of its size, filled where `load` is told to. */
export interface PartialFile {
  /** The file's size in bytes; unread parts are zeros until loaded. */
  readonly bytes: Uint8Array;
  readonly load: RangeLoader;
  /** Bytes read into the image so far. */
  readonly loadedBytes: () => number;
  /** The SHA-256 of the whole file, streamed; refuses a file whose size changed. */
  readonly sha256: () => string;
  readonly close: () => void;
}

/** Opens `path` for reading in part, or says undefined when it is not a regular file. */
export function openPartialFile(path: string, limitBytes: number): PartialFile | undefined {
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
  const sha256 = (): string => {
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
  return { bytes, load, loadedBytes: () => loaded, sha256, close: () => closeSync(fd) };
}
