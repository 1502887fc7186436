/** Machine-readable error codes; one per way a request can fail. */
export type ErrorCode =
  | 'user-input'
  | 'parse'
  | 'not-found'
  | 'kb-invalid'
  | 'atlas-invalid'
  | 'store'
  | 'busy'
  | 'refused'
  | 'too-large'
  | 'environment'
  | 'internal';

/** What an error may carry besides its message: the error behind it, and what to try instead. */
export interface ErrorOptions {
  cause?: unknown;
  /** One line telling the user what to do about it (the CLI prints it after the message). */
  hint?: string;
}

/** Base of every sousveil error: a stable `code`, a message for people, and the `cause`. */
export class SousveilError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options?.hint;
  }
}

/** Bad input from the user: exit code 1 in the CLI, HTTP 4xx in the server. */
export class UserError extends SousveilError {
  constructor(message: string, options?: ErrorOptions) {
    super('user-input', message, options);
  }
}

/**
 * The machine would not let it happen: a file system that is read-only or full, a permission, a
 * name that does not resolve, a port in use. Exit code 2 in the CLI.
 */
export class EnvironmentError extends SousveilError {
  constructor(message: string, options?: ErrorOptions) {
    super('environment', message, options);
  }
}

/** A format could not be parsed; names where. */
export class ParseError extends SousveilError {
  readonly source: string;
  readonly position: string | undefined;
  constructor(source: string, message: string, position?: string, options?: { cause?: unknown }) {
    super('parse', `${source}${position === undefined ? '' : `:${position}`}: ${message}`, options);
    this.source = source;
    this.position = position;
  }
}

/** Input over one of its limits (bytes, parts, pixels): HTTP 413; names the limit. */
export class TooLargeError extends SousveilError {
  constructor(message: string, options?: ErrorOptions) {
    super('too-large', message, options);
  }
}

/** Another writer holds the database's lock past the busy timeout and the retries: try again later. */
export class StoreBusyError extends SousveilError {
  constructor(
    message = 'the database is busy: another process is writing to it',
    options?: { cause?: unknown },
  ) {
    super('busy', message, options);
  }
}

/**
 * The database file cannot be used as asked: not a database, damaged, full disk, read-only, cannot
 * be opened, or a schema it cannot be brought up to. The message names the file and says what is
 * wrong in words; the SQLite error is the `cause`.
 */
export class StoreError extends SousveilError {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('store', message, options);
    this.file = file;
  }
}

/** An answer the HTTP server gives as it is: a status, a message safe to show, maybe Retry-After. */
export class HttpError extends SousveilError {
  readonly status: number;
  readonly retryAfterS: number | undefined;
  constructor(
    status: number,
    message: string,
    options?: { cause?: unknown; retryAfterS?: number; code?: ErrorCode },
  ) {
    super(options?.code ?? codeOfStatus(status), message, options);
    this.status = status;
    this.retryAfterS = options?.retryAfterS;
  }
}

function codeOfStatus(status: number): ErrorCode {
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'refused';
  if (status === 503) return 'busy';
  if (status === 413) return 'too-large';
  return status >= 500 ? 'internal' : 'user-input';
}

/** A per-record result: expected failures are values, so one bad record loses nothing else. */
export type Result<T, I = string> = { ok: true; value: T } | { ok: false; issues: I[] };
