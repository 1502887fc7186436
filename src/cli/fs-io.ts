// Files the user names, read and written at the CLI's edge: every failure becomes one line that
// names the file and says why — bad input (exit 1) or the machine refusing (exit 2).
import { statSync, writeFileSync, type Stats } from 'node:fs';
import { EnvironmentError, SousveilError, UserError } from '../shared/errors.js';
import { readBounded } from '../shared/fs-bounded.js';

/** Why a system call failed, in words, and whether the user (1) or the machine (2) is to blame. */
const systemReasons: Readonly<Record<string, { why: string; exit: 1 | 2 }>> = {
  ENOENT: { why: 'no such file or directory', exit: 1 },
  ENOTDIR: { why: 'a part of the path is not a directory', exit: 1 },
  EISDIR: { why: 'is a directory', exit: 1 },
  EEXIST: { why: 'already exists', exit: 1 },
  ENAMETOOLONG: { why: 'the name is too long', exit: 1 },
  ELOOP: { why: 'too many symbolic links', exit: 1 },
  EACCES: { why: 'permission denied', exit: 2 },
  EPERM: { why: 'operation not permitted', exit: 2 },
  EROFS: { why: 'read-only file system', exit: 2 },
  ENOSPC: { why: 'no space left on the device', exit: 2 },
  EDQUOT: { why: 'disk quota exceeded', exit: 2 },
  EIO: { why: 'input/output error', exit: 2 },
  EMFILE: { why: 'too many open files', exit: 2 },
  ENFILE: { why: 'too many open files in the system', exit: 2 },
  EBUSY: { why: 'the file is busy', exit: 2 },
  ETXTBSY: { why: 'the file is busy', exit: 2 },
  ENOTFOUND: { why: 'the name does not resolve', exit: 2 },
  EAI_AGAIN: { why: 'the name does not resolve (the resolver did not answer)', exit: 2 },
  EADDRINUSE: { why: 'the address is in use', exit: 2 },
  EADDRNOTAVAIL: { why: 'not an address of this machine', exit: 2 },
};

/** Node's error for a failed system call (`code` like `EACCES`, maybe a `path`). */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** A failed system call on `what` (a file, a flag) as a sousveil error, or undefined if unknown. */
export function systemError(e: unknown, what: string, hint?: string): SousveilError | undefined {
  if (!isSystemError(e)) return undefined;
  const reason = systemReasons[e.code];
  if (reason === undefined) return undefined;
  const options = { cause: e, ...(hint === undefined ? {} : { hint }) };
  const message = `${what}: ${reason.why}`;
  return reason.exit === 1
    ? new UserError(message, options)
    : new EnvironmentError(message, options);
}

/** Runs a file-system call, turning its failure into one line about `what`. */
export function onFile<T>(what: string, fn: () => T, hint?: string): T {
  try {
    return fn();
  } catch (e) {
    throw systemError(e, what, hint) ?? e;
  }
}

/**
 * Reads a file the user named, refusing directories; the limit counts the bytes actually read,
 * so a pipe or a device (`/dev/zero`) is refused too.
 */
export function readInputFile(file: string, maxBytes: number, dirHint?: string): Buffer {
  const stats = onFile(file, () => statSync(file));
  if (stats.isDirectory())
    throw new UserError(`${file}: is a directory, not a file`, {
      hint: dirHint ?? 'name the files inside it',
    });
  const bytes = readBounded(file, maxBytes, 'split it into smaller files');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes a file the user named with --out; an existing file is replaced only with --force. */
export function writeOutputFile(file: string, data: string | Uint8Array, force: boolean): void {
  try {
    writeFileSync(file, data, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    if (isSystemError(e) && (e.code === 'EEXIST' || e.code === 'EISDIR') && isDirectory(file))
      throw new UserError(`${file}: is a directory`, { hint: 'give --out a file name' });
    const exists = isSystemError(e) && e.code === 'EEXIST';
    throw systemError(e, file, exists ? 'pass --force to replace it' : undefined) ?? e;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A directory named by a flag: it must exist and be a directory. */
export function requireDir(flag: string, dir: string): Stats {
  const stats = onFile(`${flag} ${dir}`, () => statSync(dir));
  if (!stats.isDirectory()) throw new UserError(`${flag} ${dir}: not a directory`);
  return stats;
}
