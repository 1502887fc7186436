const url = /\b(?:https?|wss?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi;
const bareHost = /^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i;

/**
 * Host names a string names: those in http(s)/ws(s) URLs, or the string itself when it is
 * nothing but a host name (SDKs keep their endpoints both ways). Lower-cased.
 */
export function hostsIn(text: string): string[] {
  if (text.length > 2048 || !text.includes('.')) return [];
  const out: string[] = [];
  if (text.includes('://')) {
    for (const m of text.matchAll(url)) if (m[1] !== undefined) out.push(m[1].toLowerCase());
  } else if (bareHost.test(text)) out.push(text.toLowerCase());
  return out;
}

const maxTextLength = 2048;
const latin1 = new TextDecoder('latin1');

const isWordByte = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isLabelByte = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;
const lower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

/**
 * `hostsIn` over the ASCII bytes `start..end` of a string, appending to `out`, without making a
 * string of the text first: DEX files hold tens of thousands of strings and few name a host.
 */
export function asciiHostsIn(b: Uint8Array, start: number, end: number, out: string[]): void {
  const ranges: number[] = [];
  asciiHostRanges(b, start, end, ranges);
  for (const host of hostsAt(b, ranges)) out.push(host);
}

/** Where `asciiHostsIn` finds hosts: their byte ranges, as start, end pairs appended to `ranges`. */
export function asciiHostRanges(b: Uint8Array, start: number, end: number, ranges: number[]): void {
  if (end - start > maxTextLength) return;
  let scheme = false;
  // A loop bounded by the string, not indexOf over the rest of the file: that would be quadratic.
  for (let i = start; i + 2 < end; i++)
    if (b[i] === 0x3a && b[i + 1] === 0x2f && b[i + 2] === 0x2f) {
      scheme = true;
      urlHostAt(b, start, end, i, ranges);
      i += 2;
    }
  if (!scheme) bareHostOf(b, start, end, ranges);
}

/**
 * The hosts at the ranges `asciiHostRanges` found, lower-cased: copied into one buffer, decoded in
 * one call and split, as tens of thousands of separate decodings would cost far more.
 */
export function hostsAt(b: Uint8Array, ranges: readonly number[]): string[] {
  if (ranges.length === 0) return [];
  let total = 0;
  for (let k = 0; k < ranges.length; k += 2)
    total += (ranges[k + 1] as number) - (ranges[k] as number) + 1;
  const joined = new Uint8Array(total);
  let w = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    for (let j = ranges[k] as number, e = ranges[k + 1] as number; j < e; j++)
      joined[w++] = b[j] as number;
    joined[w++] = 0x0a;
  }
  return latin1
    .decode(joined.subarray(0, w - 1))
    .toLowerCase()
    .split('\n');
}

/** Whether the bytes `from..to` spell http, https, ws or wss, in any case. */
function isScheme(t: Uint8Array, from: number, to: number): boolean {
  const n = to - from;
  const at = (i: number): number => lower(t[from + i] as number);
  if (n === 4 || n === 5)
    return (
      at(0) === 0x68 &&
      at(1) === 0x74 &&
      at(2) === 0x74 &&
      at(3) === 0x70 &&
      (n === 4 || at(4) === 0x73)
    );
  if (n === 2 || n === 3) return at(0) === 0x77 && at(1) === 0x73 && (n === 2 || at(2) === 0x73);
  return false;
}

/**
 * The end of the labels joined by single dots from `at` up to `limit` (`a.b.` ends before its
 * last dot), and how many.
 */
function labelsFrom(t: Uint8Array, at: number, limit: number): { end: number; labels: number } {
  let labels = 0;
  let end = at;
  for (;;) {
    let e = at;
    while (e < limit && isLabelByte(t[e] as number)) e++;
    if (e === at) break;
    labels++;
    end = e;
    if (e >= limit || t[e] !== 0x2e) break;
    at = e + 1;
  }
  return { end, labels };
}

/** The host of a URL whose `://` is at `colon`, if its scheme is http(s) or ws(s) at a word start. */
function urlHostAt(
  t: Uint8Array,
  start: number,
  limit: number,
  colon: number,
  ranges: number[],
): void {
  let s = colon;
  while (s > start && isWordByte(t[s - 1] as number)) s--;
  // The scheme is the whole word before `://`: `xhttps://` has none, as `\b` in hostsIn's pattern says.
  if (!isScheme(t, s, colon)) return;
  const { end, labels } = labelsFrom(t, colon + 3, limit);
  if (labels >= 2) ranges.push(colon + 3, end);
}

/** The whole string as a host name (labels, then a top-level label of two letters or more). */
function bareHostOf(t: Uint8Array, start: number, limit: number, ranges: number[]): void {
  const { end, labels } = labelsFrom(t, start, limit);
  if (labels < 2 || end !== limit) return;
  let last = end;
  while (last > start && t[last - 1] !== 0x2e) last--;
  if (end - last < 2) return;
  for (let i = last; i < end; i++) {
    const c = lower(t[i] as number);
    if (c < 0x61 || c > 0x7a) return;
  }
  ranges.push(start, end);
}
