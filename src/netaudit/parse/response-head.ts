import { ParseError } from '../../shared/errors.js';

/** A parsed HTTP or RTSP response head. Header names keep their original casing and order. */
export interface ResponseHead {
  protocol: 'HTTP' | 'RTSP';
  status: number;
  headers: Array<[string, string]>;
  /** Bytes after the head (possibly partial, bounded by the probe). */
  body: Uint8Array;
}

/** Most headers kept; a device that sends thousands gets the first ones judged. */
export const maxHeaders = 200;
const maxLine = 8192;
const decoder = new TextDecoder('latin1');

/** Parses a response head from bytes as received. Throws ParseError when the bytes are not one. */
export function parseResponseHead(bytes: Uint8Array, source: string): ResponseHead {
  const end = indexOfHeadEnd(bytes);
  const headBytes = end < 0 ? bytes : bytes.subarray(0, end);
  const lines = decoder
    .decode(headBytes.subarray(0, Math.min(headBytes.length, maxHeaders * maxLine)))
    .split(/\r?\n/);
  const statusLine = lines[0] ?? '';
  const m = /^(HTTP|RTSP)\/\d\.\d\s+(\d{3})\b/.exec(statusLine);
  if (!m?.[1] || !m[2])
    throw new ParseError(
      source,
      `not an HTTP/RTSP status line: ${JSON.stringify(statusLine.slice(0, 80))}`,
      'line 1',
    );
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    if (headers.length >= maxHeaders) break;
    const colon = line.indexOf(':');
    if (colon <= 0 || line.length > maxLine) continue;
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return {
    protocol: m[1] as 'HTTP' | 'RTSP',
    status: Number(m[2]),
    headers,
    body: end < 0 ? new Uint8Array() : bytes.subarray(end),
  };
}

/** The first value of a header, by case-insensitive name. */
export function header(head: ResponseHead, name: string): string | undefined {
  const lower = name.toLowerCase();
  return head.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function indexOfHeadEnd(b: Uint8Array): number {
  for (let i = 0; i + 1 < b.length; i++) {
    if (b[i] === 10 && b[i + 1] === 10) return i + 2;
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i + 4;
  }
  return -1;
}

/** The page title, decoded loosely; bounded search. */
export function extractTitle(html: string): string | undefined {
  const m = /<title[^>]*>([^<]{0,300})<\/title>/i.exec(html.slice(0, 65536));
  const t = m?.[1]?.replaceAll(/\s+/g, ' ').trim();
  return t === undefined || t === '' ? undefined : t;
}

/** Body bytes as text: UTF-8 when it decodes, otherwise Latin-1; the BOM is kept (it is evidence). */
export function bodyText(body: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return decoder.decode(body);
  }
}
