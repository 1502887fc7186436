// multipart/form-data (RFC 7578 over the multipart syntax of RFC 2046 §5.1.1), parsed from bytes
// already read within the request's own byte limit. Every other limit (parts, header bytes, each
// field's and each file's bytes) is counted while scanning, before anything is copied: a body
// that breaks one is a TooLargeError naming it, a malformed one a ParseError naming where.
import { ParseError, TooLargeError } from './errors.js';

/** Bounds on one form. */
export interface MultipartLimits {
  /** Parts in the form. */
  maxParts: number;
  /** Bytes of one part's header block. */
  maxHeaderBytes: number;
  /** Bytes of one text field (a part without a filename). */
  maxFieldBytes: number;
  /** Bytes of one file (a part with a filename). */
  maxFileBytes: number;
}

/** One part of a form: a text field, or a file when it has a filename. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  bytes: Uint8Array;
}

const source = 'multipart body';
const CR = 13;
const LF = 10;
const DASH = 45;

/**
 * The boundary of a `multipart/form-data` Content-Type, or a ParseError: 1 to 70 characters of
 * RFC 2046's `bchars`, quoted or not.
 */
export function boundaryOf(contentType: string): string {
  const [type, ...params] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data')
    throw new ParseError('Content-Type', 'not multipart/form-data');
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = p.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(value))
      throw new ParseError('Content-Type', 'the boundary is not 1 to 70 characters of RFC 2046');
    return value;
  }
  throw new ParseError('Content-Type', 'multipart/form-data without a boundary');
}

/** The parts of a multipart/form-data body, within `limits`. */
export function parseMultipart(
  body: Uint8Array,
  boundary: string,
  limits: MultipartLimits,
): FormPart[] {
  const dashBoundary = asciiBytes(`--${boundary}`);
  const delimiter = asciiBytes(`\r\n--${boundary}`);
  // The first boundary may open the body, or follow a preamble that ends in CRLF.
  let at = startsWith(body, dashBoundary, 0)
    ? dashBoundary.length
    : endOf(indexOf(body, delimiter, 0, body.length), delimiter);
  if (at < 0) throw new ParseError(source, 'no opening boundary');
  const parts: FormPart[] = [];
  for (;;) {
    if (body[at] === DASH && body[at + 1] === DASH) return parts;
    at = afterLineEnd(body, at);
    if (parts.length >= limits.maxParts)
      throw new TooLargeError(`the form has more than ${limits.maxParts} parts`);
    const { headers, next } = readHeaders(body, at, limits.maxHeaderBytes, parts.length + 1);
    const part = partOf(headers, parts.length + 1);
    const max = part.filename === undefined ? limits.maxFieldBytes : limits.maxFileBytes;
    // Searched only as far as the part may reach, so a missing delimiter costs at most `max` bytes.
    const end = indexOf(
      body,
      delimiter,
      next,
      Math.min(body.length, next + max + delimiter.length),
    );
    if (end < 0) {
      if (body.length - next > max)
        throw new TooLargeError(
          `form part "${clip(part.name)}" is over its ${max}-byte limit${part.filename === undefined ? '' : ' for a file'}`,
        );
      throw new ParseError(source, `part ${parts.length + 1} has no closing boundary`);
    }
    parts.push({ ...part, bytes: body.slice(next, end) });
    at = end + delimiter.length;
  }
}

/** After a boundary: optional transport padding (spaces, tabs), then CRLF. */
function afterLineEnd(body: Uint8Array, from: number): number {
  let at = from;
  while (body[at] === 32 || body[at] === 9) at++;
  if (body[at] !== CR || body[at + 1] !== LF)
    throw new ParseError(source, 'a boundary is not followed by a line end', `byte ${at}`);
  return at + 2;
}

/** The header block at `from` up to its blank line, within `maxBytes`. */
function readHeaders(
  body: Uint8Array,
  from: number,
  maxBytes: number,
  n: number,
): { headers: Map<string, string>; next: number } {
  const blank = asciiBytes('\r\n\r\n');
  // A part may have no headers at all: its blank line comes straight away.
  const empty = body[from] === CR && body[from + 1] === LF;
  const end = empty ? from - 2 : indexOf(body, blank, from, Math.min(body.length, from + maxBytes));
  if (end < 0) {
    if (body.length - from >= maxBytes)
      throw new TooLargeError(`part ${n}'s headers are over ${maxBytes} bytes`);
    throw new ParseError(source, `part ${n}'s headers do not end`);
  }
  const headers = new Map<string, string>();
  const text = empty
    ? ''
    : new TextDecoder('utf-8', { fatal: false }).decode(body.slice(from, end));
  for (const line of text === '' ? [] : text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ParseError(source, `part ${n} has a header line without a name`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, next: end + 4 };
}

/** The part's name, filename and type from its headers (RFC 7578 §4.2). */
function partOf(headers: Map<string, string>, n: number): Omit<FormPart, 'bytes'> {
  const disposition = headers.get('content-disposition');
  if (disposition === undefined)
    throw new ParseError(source, `part ${n} has no Content-Disposition`);
  const params = dispositionParams(disposition, n);
  const name = params.get('name');
  if (name === undefined) throw new ParseError(source, `part ${n} has no name`);
  const part: Omit<FormPart, 'bytes'> = { name };
  const filename = params.get('filename');
  if (filename !== undefined) part.filename = filename;
  const type = headers.get('content-type');
  if (type !== undefined) part.contentType = type.toLowerCase();
  return part;
}

/** `form-data; name="a"; filename="b"` -> its parameters (quoted strings with `\` escapes). */
function dispositionParams(value: string, n: number): Map<string, string> {
  const m = /^\s*form-data\s*(;|$)/i.exec(value);
  if (m === null) throw new ParseError(source, `part ${n} is not form-data`);
  const params = new Map<string, string>();
  const re =
    /\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))\s*(?:;|$)/y;
  re.lastIndex = m[0].length;
  while (re.lastIndex < value.length) {
    const p = re.exec(value);
    if (p === null) throw new ParseError(source, `part ${n} has a malformed Content-Disposition`);
    const key = (p[1] ?? '').toLowerCase();
    const raw = p[2] === undefined ? (p[3] ?? '') : p[2].replace(/\\(.)/g, '$1');
    if (!params.has(key)) params.set(key, raw);
  }
  return params;
}

/** First index of `needle` in `hay` starting in [from, to - needle.length], or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const first = needle[0];
  const last = to - needle.length;
  for (
    let i = hay.indexOf(first ?? 0, from);
    i >= 0 && i <= last;
    i = hay.indexOf(first ?? 0, i + 1)
  )
    if (startsWith(hay, needle, i)) return i;
  return -1;
}

function endOf(index: number, needle: Uint8Array): number {
  return index < 0 ? -1 : index + needle.length;
}

function startsWith(hay: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > hay.length) return false;
  for (let j = 0; j < needle.length; j++) if (hay[at + j] !== needle[j]) return false;
  return true;
}

function asciiBytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
