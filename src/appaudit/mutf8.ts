import type { BytesView } from './bytes-view.js';

const chunk = 4096;
const latin1 = new TextDecoder('latin1');
const units = new Uint16Array(chunk);

/**
 * Decodes the NUL-terminated Modified UTF-8 string at `at` (DEX string data). Surrogate halves
 * arrive as separate 3-byte sequences and become UTF-16 units as they are; malformed bytes become
 * U+FFFD. Throws a ParseError when the string runs past the end.
 */
export function readMutf8(v: BytesView, at: number): string {
  const b = v.bytes;
  // Most DEX strings are ASCII: find the NUL, and decode in one call when no byte is high.
  let end = at;
  let ascii = true;
  while (end < b.length && b[end] !== 0) {
    if ((b[end] as number) >= 0x80) ascii = false;
    end++;
  }
  if (end >= b.length) throw v.fail('string runs past the end', at);
  if (ascii) return latin1.decode(b.subarray(at, end));
  let text = '';
  let n = 0;
  let i = at;
  for (;;) {
    if (i >= b.length) throw v.fail('string runs past the end', at);
    const c = b[i] as number;
    if (c === 0) break;
    let unit: number;
    if (c < 0x80) {
      unit = c;
      i += 1;
    } else if ((c & 0xe0) === 0xc0 && isTail(b[i + 1])) {
      unit = ((c & 0x1f) << 6) | ((b[i + 1] as number) & 0x3f);
      i += 2;
    } else if ((c & 0xf0) === 0xe0 && isTail(b[i + 1]) && isTail(b[i + 2])) {
      unit =
        ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
      i += 3;
    } else {
      unit = 0xfffd;
      i += 1;
    }
    units[n++] = unit;
    if (n === chunk) {
      text += String.fromCharCode(...units);
      n = 0;
    }
  }
  return text + String.fromCharCode(...units.subarray(0, n));
}

function isTail(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** The offset after an unsigned LEB128 of at most five bytes (a string's length, skipped). */
export function skipUleb128(v: BytesView, at: number): number {
  for (let i = 0; i < 5; i++) if ((v.u8(at + i, 'uleb128') & 0x80) === 0) return at + i + 1;
  throw v.fail('uleb128 longer than five bytes', at);
}
