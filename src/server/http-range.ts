// One local file served with HTTP range requests (RFC 9110 §14): the basemap of `serve
// --basemap`. The path is fixed when the server starts; requests only choose bytes. One range per
// request, at most MAX_RANGE_BYTES long; a range that cannot be met is a 416 naming the size.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { HttpError } from '../shared/errors.js';
import { SECURITY_HEADERS } from './http-headers.js';

/** The longest range one request may ask for (a PMTiles client asks for a directory or a tile). */
export const MAX_RANGE_BYTES = 16 * 1024 * 1024;

export type RangeAsk =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'refused'; why: string };

/** Reads a Range header against a file of `size` bytes; `end` is inclusive, as on the wire. */
export function parseRange(header: string | undefined, size: number): RangeAsk {
  if (header === undefined) return { kind: 'whole' };
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (m === null)
    return header.includes(',')
      ? { kind: 'refused', why: 'one range per request' }
      : { kind: 'refused', why: 'the Range header is not "bytes=FIRST-LAST"' };
  const [, first = '', last = ''] = m;
  let start: number;
  let end: number;
  if (first === '') {
    if (last === '') return { kind: 'refused', why: 'the Range header is not "bytes=FIRST-LAST"' };
    const suffix = Number(last);
    if (suffix === 0) return { kind: 'refused', why: 'an empty suffix range' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start)
      return { kind: 'refused', why: 'the range ends before it starts' };
  }
  if (start >= size) return { kind: 'refused', why: `the file has ${size} bytes` };
  if (end - start + 1 > MAX_RANGE_BYTES)
    return { kind: 'refused', why: `at most ${MAX_RANGE_BYTES} bytes per request` };
  return { kind: 'part', start, end };
}

/** A handler serving `path` (fixed here) as `contentType`, with ranges. */
export function rangeFile(
  path: string,
  contentType: string,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, `${req.method ?? ''} is not allowed here`);
    let size: number;
    let etag: string;
    try {
      const s = statSync(path);
      size = s.size;
      etag = `"${s.size.toString(36)}-${Math.floor(s.mtimeMs).toString(36)}"`;
    } catch (e) {
      throw new HttpError(404, 'the basemap file is gone', { cause: e });
    }
    const ask = parseRange(req.headers.range, size);
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'content-type': contentType,
      'accept-ranges': 'bytes',
      'cache-control': 'no-cache',
      etag,
    };
    if (ask.kind === 'refused') {
      const body = `${JSON.stringify({ error: { code: 'range', message: `Range: ${ask.why}` } })}\n`;
      res.writeHead(416, {
        ...headers,
        'content-type': 'application/json',
        'content-range': `bytes */${size}`,
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const start = ask.kind === 'part' ? ask.start : 0;
    const end = ask.kind === 'part' ? ask.end : size - 1;
    if (ask.kind === 'part') headers['content-range'] = `bytes ${start}-${end}/${size}`;
    headers['content-length'] = String(Math.max(0, end - start + 1));
    res.writeHead(ask.kind === 'part' ? 206 : 200, headers);
    if (req.method === 'HEAD' || end < start) return void res.end();
    // A failure after the headers went out can only cut the answer short: the socket is closed.
    await pipeline(createReadStream(path, { start, end }), res).catch(() => res.destroy());
  };
}
