// Errors crossing from the upload worker to the server thread: classes do not survive
// postMessage, so each error travels as its kind, message and status and is rebuilt here.
import { HttpError, SousveilError, StoreBusyError, UserError } from '../shared/errors.js';

export interface WireError {
  kind: 'http' | 'busy' | 'user' | 'internal';
  message: string;
  status?: number;
  retryAfterS?: number;
  stack?: string;
}

/** An error as it can be posted to another thread. */
export function toWire(e: unknown): WireError {
  if (e instanceof HttpError)
    return {
      kind: 'http',
      message: e.message,
      status: e.status,
      ...(e.retryAfterS === undefined ? {} : { retryAfterS: e.retryAfterS }),
    };
  if (e instanceof StoreBusyError) return { kind: 'busy', message: e.message };
  if (e instanceof SousveilError && (e.code === 'user-input' || e.code === 'parse'))
    return { kind: 'user', message: e.message };
  const error = e instanceof Error ? e : new Error(String(e));
  return {
    kind: 'internal',
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

/** The error a posted one stands for, of the class the server's error boundary knows. */
export function fromWire(w: WireError): Error {
  if (w.kind === 'http')
    return new HttpError(w.status ?? 500, w.message, {
      ...(w.retryAfterS === undefined ? {} : { retryAfterS: w.retryAfterS }),
    });
  if (w.kind === 'busy') return new StoreBusyError(w.message);
  if (w.kind === 'user') return new UserError(w.message);
  const e = new Error(`upload worker: ${w.message}`);
  if (w.stack !== undefined) e.stack = `upload worker: ${w.stack}`;
  return e;
}
