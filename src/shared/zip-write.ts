// A small ZIP writer (pure; APPNOTE 6.3.10 §4.3): local headers with sizes and CRC-32 up front (no
// data descriptors), a central directory, UTF-8 names (flag bit 11), DEFLATE or stored, no ZIP64.
// The compressor and the CRC come in from the adapter (node:zlib), so this file does no I/O.
import { UserError } from './errors.js';

/** Raw DEFLATE and CRC-32, from node:zlib in adapters. */
export interface ZipCodec {
  deflate(data: Uint8Array): Uint8Array;
  crc32(data: Uint8Array): number;
}

/** One file to write; `store` keeps it uncompressed (already compressed data: JPEG). */
export interface ZipInput {
  name: string;
  data: Uint8Array;
  store?: boolean;
}

const max16 = 0xffff;
const max32 = 0xffffffff;

/** The MS-DOS date and time fields of an ISO time (UTC), 2-second resolution, 1980 at the earliest. */
export function dosDateTime(iso: string): { date: number; time: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  const [y, mo, d, h, mi, s] = (m?.slice(1) ?? []).map(Number);
  if (y === undefined || y < 1980 || y > 2107) return { date: (1 << 5) | 1, time: 0 };
  return {
    date: ((y - 1980) << 9) | ((mo ?? 1) << 5) | (d ?? 1),
    time: ((h ?? 0) << 11) | ((mi ?? 0) << 5) | Math.floor((s ?? 0) / 2),
  };
}

/** Refuses a name an extractor could write outside its folder, or one too long to store. */
function checkName(name: string, bytes: Uint8Array, seen: Set<string>): void {
  const bad =
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.split('/').some((p) => p === '..' || p === '.' || p === '');
  if (bad) throw new UserError(`zip: "${name.slice(0, 80)}" is not a relative file name`);
  if (bytes.length > max16) throw new UserError(`zip: a name is over ${max16} bytes`);
  if (seen.has(name)) throw new UserError(`zip: "${name.slice(0, 80)}" is given twice`);
  seen.add(name);
}

class Out {
  readonly parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }
  /** Little-endian fields, `[value, size]` each. */
  fields(...f: readonly (readonly [number, 2 | 4])[]): this {
    const b = new Uint8Array(f.reduce((n, [, size]) => n + size, 0));
    const v = new DataView(b.buffer);
    let at = 0;
    for (const [value, size] of f) {
      if (size === 2) v.setUint16(at, value, true);
      else v.setUint32(at, value, true);
      at += size;
    }
    return this.bytes(b);
  }
  done(): Uint8Array {
    const all = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }
}

/**
 * A ZIP archive of `files`, in order, each dated `modifiedIso`. A file is deflated unless marked
 * `store` or deflate does not make it smaller. Archives past ZIP's 32-bit sizes or 65535 entries
 * are refused (no ZIP64).
 */
export function writeZip(
  files: readonly ZipInput[],
  codec: ZipCodec,
  modifiedIso: string,
): Uint8Array {
  if (files.length > max16) throw new UserError(`zip: more than ${max16} files`);
  const { date, time } = dosDateTime(modifiedIso);
  const enc = new TextEncoder();
  const seen = new Set<string>();
  const out = new Out();
  const central = new Out();
  for (const f of files) {
    const name = enc.encode(f.name);
    checkName(f.name, name, seen);
    const packed = f.store === true ? undefined : codec.deflate(f.data);
    const deflated = packed !== undefined && packed.length < f.data.length;
    const body = deflated ? packed : f.data;
    const method = deflated ? 8 : 0;
    const crc = codec.crc32(f.data);
    const offset = out.length;
    if (f.data.length > max32 || offset + 30 + name.length + body.length > max32)
      throw new UserError(`zip: ${f.name.slice(0, 80)} would pass 4 GiB (no ZIP64)`);
    const common = [
      [0x0800, 2],
      [method, 2],
      [time, 2],
      [date, 2],
      [crc, 4],
      [body.length, 4],
      [f.data.length, 4],
      [name.length, 2],
      [0, 2],
    ] as const;
    out
      .fields([0x04034b50, 4], [20, 2], ...common)
      .bytes(name)
      .bytes(body);
    central
      .fields(
        [0x02014b50, 4],
        [20, 2],
        [20, 2],
        ...common,
        [0, 2],
        [0, 2],
        [0, 2],
        [0, 4],
        [offset, 4],
      )
      .bytes(name);
  }
  const cd = central.done();
  const cdOffset = out.length;
  if (cdOffset + cd.length > max32)
    throw new UserError('zip: the archive would pass 4 GiB (no ZIP64)');
  out.bytes(cd);
  out.fields(
    [0x06054b50, 4],
    [0, 2],
    [0, 2],
    [files.length, 2],
    [files.length, 2],
    [cd.length, 4],
    [cdOffset, 4],
    [0, 2],
  );
  return out.done();
}
