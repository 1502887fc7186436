// SQLite's answers about the file itself (not a database, damaged, full, read-only, cannot open)
// as one StoreError whose message names the file and says in words what is wrong; the SQLite
// error stays as its cause. Anything else (a CHECK constraint, a bug) is left as it is.
import Database from 'better-sqlite3';
import { SousveilError, StoreError } from '../../shared/errors.js';

/** How the store was opened, so a refused write can say why. */
export type StoreAccess = 'read' | 'write';

const words: Array<[RegExp, (file: string, access: StoreAccess) => string]> = [
  [/^SQLITE_NOTADB/, (f) => `${f} is not a database file (SQLite cannot read it as one)`],
  [
    /^SQLITE_CORRUPT/,
    (f) => `${f} is damaged (SQLite finds its contents malformed); restore it from a copy`,
  ],
  [
    /^SQLITE_FULL/,
    (f) =>
      `cannot write to ${f}: the disk is full; nothing of this write was kept, free some space`,
  ],
  [
    /^SQLITE_READONLY/,
    (f, access) =>
      access === 'read'
        ? `cannot write to ${f}: it was opened for reading only`
        : `cannot write to ${f}: it is read-only (its permissions, or a read-only disk)`,
  ],
  [/^SQLITE_(PERM|AUTH)/, (f) => `cannot use ${f}: permission denied`],
  [
    /^SQLITE_CANTOPEN/,
    (f) => `cannot open ${f}: it is missing, a folder, or not readable (check the path)`,
  ],
  [/^SQLITE_IOERR/, (f) => `cannot read or write ${f}: the disk reports an input/output error`],
  [/^SQLITE_NOMEM/, (f) => `cannot use ${f}: out of memory`],
];

/**
 * The error to throw for `e`, met while using the database `file`: a StoreError when SQLite says
 * something about the file, `e` itself otherwise (busy errors are handled by the retry loop).
 */
export function storeErrorOf(file: string, e: unknown, access: StoreAccess = 'write'): unknown {
  if (e instanceof SousveilError) return e;
  if (e instanceof Database.SqliteError) {
    const entry = words.find(([code]) => code.test(e.code));
    return entry === undefined ? e : new StoreError(file, entry[1](file, access), { cause: e });
  }
  // better-sqlite3 checks the folder itself before SQLite sees the path.
  if (e instanceof TypeError && /directory does not exist/.test(e.message))
    return new StoreError(file, `cannot open ${file}: its folder does not exist`, { cause: e });
  return e;
}

/** Runs `fn`, throwing what `storeErrorOf` makes of its error. */
export function translated<T>(file: string, access: StoreAccess, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw storeErrorOf(file, e, access);
  }
}
