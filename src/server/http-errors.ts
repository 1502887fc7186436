// The server's one error boundary: what each error becomes on the wire. Known errors keep their
// message; anything else is a 500 whose details go to the log under a request id, never to the
// client.
import { randomUUID } from 'node:crypto';
import { HttpError, SousveilError, StoreBusyError } from '../shared/errors.js';

/** An answer to send for a failed request. */
export interface ErrorAnswer {
  status: number;
  body: { error: string; requestId?: string };
  headers: Record<string, string>;
}

/** How long a client is asked to wait when the database or the upload budget is busy. */
const busyRetryAfterS = 2;

/** The HttpError a known error maps to, or undefined for an unexpected one. */
export function toHttpError(e: unknown): HttpError | undefined {
  if (e instanceof HttpError) return e;
  if (e instanceof StoreBusyError)
    return new HttpError(503, e.message, { retryAfterS: busyRetryAfterS, cause: e });
  if (e instanceof SousveilError) {
    if (e.code === 'user-input' || e.code === 'parse') return new HttpError(400, e.message);
    if (e.code === 'not-found') return new HttpError(404, e.message);
    if (e.code === 'too-large') return new HttpError(413, e.message);
    if (e.code === 'refused') return new HttpError(401, e.message);
  }
  if (e instanceof URIError) return new HttpError(400, 'bad URL encoding');
  return undefined;
}

/** Maps any error to an answer; unexpected ones are logged with a request id. */
export function errorAnswer(e: unknown, what: string, log: (line: string) => void): ErrorAnswer {
  const known = toHttpError(e);
  if (known !== undefined) {
    const headers: Record<string, string> = {};
    if (known.retryAfterS !== undefined) headers['retry-after'] = String(known.retryAfterS);
    return { status: known.status, body: { error: known.message }, headers };
  }
  const requestId = randomUUID();
  log(`error ${requestId}: ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return {
    status: 500,
    body: { error: `internal error (request id ${requestId})`, requestId },
    headers: { 'x-request-id': requestId },
  };
}
