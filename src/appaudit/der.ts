import type { BytesView } from './bytes-view.js';

/** One DER element: its tag byte and where its contents lie in the view. */
export interface Der {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** Reads the DER element at `at`, which must end by `limit` (single-byte tags, lengths ≤ 4 bytes). */
export function readDer(v: BytesView, at: number, limit: number): Der {
  const tag = v.u8(at, 'DER tag');
  if ((tag & 0x1f) === 0x1f) throw v.fail('DER multi-byte tag', at);
  const first = v.u8(at + 1, 'DER length');
  let length = first;
  let contentStart = at + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw v.fail('DER length form not supported', at + 1);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + v.u8(at + 2 + i, 'DER length');
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw v.fail('DER element runs past its parent', at);
  return { tag, start: at, contentStart, end };
}

/** The children of a constructed element, in order. */
export function derChildren(v: BytesView, parent: Der): Der[] {
  const out: Der[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readDer(v, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The element's contents as bytes. */
export function derBytes(v: BytesView, d: Der): Uint8Array {
  return v.bytes.subarray(d.contentStart, d.end);
}

/** An OBJECT IDENTIFIER's contents as dotted decimal. */
export function derOid(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  const first = bytes[0] as number;
  const parts = [
    Math.min(2, Math.floor(first / 40)),
    first - 40 * Math.min(2, Math.floor(first / 40)),
  ];
  let n = 0;
  for (const b of bytes.subarray(1)) {
    n = n * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}
