/** Machine-readable error codes; one per way a request can fail. */
export type ErrorCode =
  | 'user-input'
  | 'parse'
  | 'not-found'
  | 'kb-invalid'
  | 'atlas-invalid'
  | 'store'
  | 'refused'
  | 'internal';

/** Base of every sousveil error: a stable `code`, a message for people, and the `cause`. */
export class SousveilError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad input from the user: exit code 1 in the CLI, HTTP 4xx in the server. */
export class UserError extends SousveilError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('user-input', message, options);
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

/** A per-record result: expected failures are values, so one bad record loses nothing else. */
export type Result<T, I = string> = { ok: true; value: T } | { ok: false; issues: I[] };
