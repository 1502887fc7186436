import { concatBytes } from '../../shared/bytes.js';
import { randomChars } from './rng.js';
import type { DeviceContext, RequestHead, WireReply } from './types.js';

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export { concatBytes } from '../../shared/bytes.js';

/**
 * A raw response: status line, headers exactly as given (name casing and order are fingerprints,
 * so nothing is added), blank line, body.
 */
export function rawResponse(
  statusLine: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body: string | Uint8Array = '',
  close = true,
): WireReply {
  const head = [statusLine, ...headers.map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
  const bodyBytes = typeof body === 'string' ? utf8(body) : body;
  return { bytes: concatBytes(utf8(head), bodyBytes), close };
}

/** Byte length of a body, for Content-Length. */
export function byteLength(body: string | Uint8Array): string {
  return String(typeof body === 'string' ? utf8(body).length : body.length);
}

/** RFC 7231 date, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. */
export function httpDate(now: Date): string {
  return now.toUTCString();
}

/** A nonce of `length` lower-case hex digits from the device's rng. */
export function nonce(d: DeviceContext, length = 32): string {
  return randomChars(d.rng, length, '0123456789abcdef');
}

/** An RTSP reply echoing the request's CSeq; RTSP connections stay open for the next request. */
export function rtspResponse(
  statusLine: string,
  req: RequestHead,
  headers: ReadonlyArray<readonly [string, string]>,
): WireReply {
  const cseq = req.headers.get('cseq') ?? '0';
  return rawResponse(`RTSP/1.0 ${statusLine}`, [['CSeq', cseq], ...headers], '', false);
}

/**
 * Parses a request head (`GET / HTTP/1.1` + headers, without the blank line). Header names are
 * lower-cased. Returns undefined for anything that is not a request line.
 */
export function parseRequestHead(text: string): RequestHead | undefined {
  const lines = text.split('\r\n');
  const m = /^([A-Z_]{1,20}) (\S{1,4096}) (?:HTTP|RTSP)\/\d\.\d$/.exec(lines[0] ?? '');
  if (m === null) return undefined;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1, 200)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { method: m[1] ?? 'GET', target: m[2] ?? '/', headers };
}

/** The path of a request target (`/a/b?x=1` -> `/a/b`; `rtsp://h:554/x` -> `/x`). */
export function requestPath(target: string): string {
  const noScheme = target.replace(/^[a-z]+:\/\/[^/]*/i, '');
  const path = noScheme.split('?')[0] ?? '/';
  return path === '' ? '/' : path;
}

/** A tiny valid 16x16 1-bit ICO, tinted per maker so hashes differ between profiles. */
export function syntheticFavicon(tint: number): Uint8Array {
  const header = [0, 0, 1, 0, 1, 0, 16, 16, 2, 0, 1, 0, 1, 0, 176, 0, 0, 0, 22, 0, 0, 0];
  const bmp = [40, 0, 0, 0, 16, 0, 0, 0, 32, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 128, 0, 0, 0];
  const rest = new Array<number>(16).fill(0);
  const palette = [0, 0, 0, 0, tint & 0xff, (tint >> 8) & 0xff, (tint >> 16) & 0xff, 0];
  const xorMask = Array.from({ length: 64 }, (_, i) => (i % 4 < 2 ? 0x3c ^ (i & 0xff) : 0));
  const andMask = new Array<number>(64).fill(0);
  return Uint8Array.from([...header, ...bmp, ...rest, ...palette, ...xorMask, ...andMask]);
}
