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
  if (end - start > maxTextLength) return;
  const text = b.subarray(start, end);
  let scheme = false;
  for (let i = text.indexOf(0x3a); i >= 0 && i + 2 < text.length; i = text.indexOf(0x3a, i + 1))
    if (text[i + 1] === 0x2f && text[i + 2] === 0x2f) {
      scheme = true;
      const host = urlHostAt(text, i);
      if (host !== undefined) out.push(host);
      i += 2;
    }
  if (!scheme) {
    const host = bareHostOf(text);
    if (host !== undefined) out.push(host);
  }
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

/** The end of the labels joined by single dots from `at` (`a.b.` ends before its last dot), and how many. */
function labelsFrom(t: Uint8Array, at: number): { end: number; labels: number } {
  let labels = 0;
  let end = at;
  for (;;) {
    let e = at;
    while (e < t.length && isLabelByte(t[e] as number)) e++;
    if (e === at) break;
    labels++;
    end = e;
    if (e >= t.length || t[e] !== 0x2e) break;
    at = e + 1;
  }
  return { end, labels };
}

/** The host of a URL whose `://` is at `colon`, if its scheme is http(s) or ws(s) at a word start. */
function urlHostAt(t: Uint8Array, colon: number): string | undefined {
  let s = colon;
  while (s > 0 && isWordByte(t[s - 1] as number)) s--;
  // The scheme is the whole word before `://`: `xhttps://` has none, as `\b` in hostsIn's pattern says.
  if (!isScheme(t, s, colon)) return undefined;
  const { end, labels } = labelsFrom(t, colon + 3);
  return labels < 2 ? undefined : latin1.decode(t.subarray(colon + 3, end)).toLowerCase();
}

/** The whole string as a host name (labels, then a top-level label of two letters or more). */
function bareHostOf(t: Uint8Array): string | undefined {
  const { end, labels } = labelsFrom(t, 0);
  if (labels < 2 || end !== t.length) return undefined;
  let last = end;
  while (last > 0 && t[last - 1] !== 0x2e) last--;
  if (end - last < 2) return undefined;
  for (let i = last; i < end; i++) {
    const c = lower(t[i] as number);
    if (c < 0x61 || c > 0x7a) return undefined;
  }
  return latin1.decode(t).toLowerCase();
}
