import { ParseError } from '../shared/errors.js';

/**
 * Bounds-checked little/big-endian reads over one byte array. Every read past the end throws the
 * project's ParseError naming the format and the offset, so the parsers above it stay total.
 */
export class BytesView {
  readonly bytes: Uint8Array;
  readonly source: string;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, source: string) {
    this.bytes = bytes;
    this.source = source;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless `count` bytes from `at` lie inside the array. */
  need(at: number, count: number, what: string): void {
    if (!Number.isSafeInteger(at) || !Number.isSafeInteger(count) || at < 0 || count < 0) {
      throw this.fail(`${what} at a bad offset`, at);
    }
    if (at + count > this.bytes.length) throw this.fail(`${what} runs past the end`, at);
  }

  u8(at: number, what = 'byte'): number {
    this.need(at, 1, what);
    return this.view.getUint8(at);
  }

  u16(at: number, what = 'u16', little = true): number {
    this.need(at, 2, what);
    return this.view.getUint16(at, little);
  }

  u32(at: number, what = 'u32', little = true): number {
    this.need(at, 4, what);
    return this.view.getUint32(at, little);
  }

  /** A u64 as a number; values past 2^53 are refused rather than rounded. */
  u64(at: number, what = 'u64', little = true): number {
    this.need(at, 8, what);
    const value = this.view.getBigUint64(at, little);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.fail(`${what} too large`, at);
    return Number(value);
  }

  /** A sub-array view (no copy). */
  slice(at: number, count: number, what = 'bytes'): Uint8Array {
    this.need(at, count, what);
    return this.bytes.subarray(at, at + count);
  }

  /** An error naming this format and the offset in hex. */
  fail(message: string, at?: number): ParseError {
    return new ParseError(this.source, message, at === undefined ? undefined : hex(at));
  }
}

/** An offset as 0x… for error positions. */
export function hex(at: number): string {
  return `0x${at.toString(16)}`;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A ZIP entry name: UTF-8 when flagged or valid, else Latin-1 (names without the UTF-8 flag). */
export function decodeName(bytes: Uint8Array, isUtf8: boolean): string {
  if (isUtf8) return utf8.decode(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** Bytes decoded as UTF-8 with replacement characters for bad sequences. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
