// Writing answers: cached ones (ETag, gzip when asked) and one-off JSON ones.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cached } from './http-cache.js';
import { SECURITY_HEADERS } from './http-headers.js';

/** Sends a cached answer: 304 when the ETag matches, gzip when the client takes it. */
export function sendCached(req: IncomingMessage, res: ServerResponse, c: Cached): void {
  if (c.status === 200 && req.headers['if-none-match'] === c.etag) {
    res.writeHead(304, c.notModifiedHeaders).end();
    return;
  }
  const gzip = (req.headers['accept-encoding'] ?? '').includes('gzip');
  res.writeHead(c.status, gzip ? c.gzipHeaders : c.plainHeaders);
  res.end(req.method === 'HEAD' ? undefined : gzip ? c.gzip : c.body);
}

/**
 * Sends a JSON answer that is not cached. When the request's body was not read to its end (a
 * refused upload), the connection is closed after the answer: Node does it on `Connection:
 * close`, discarding what else arrives meanwhile, so nothing here touches the socket.
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
  extra: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify(value));
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    ...extra,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': String(body.length),
  };
  if (!req.complete) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
