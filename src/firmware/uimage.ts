// U-Boot legacy images (u-boot include/image.h; BotoX uImage.py): a 64-byte big-endian header —
// magic 0x27051956, header CRC-32 (over the header with that field zeroed), time, data size, load
// and entry addresses, data CRC-32, os, arch, type, compression, name[32] — then the data.
import { BytesView } from '../appaudit/index.js';
import { crc32 } from './crc32.js';

export const uImageMagic = 0x27051956;
const headerBytes = 64;

/** Whether the bytes start with a U-Boot legacy image header. */
export function isUImage(bytes: Uint8Array): boolean {
  return u32be(bytes, 0) === uImageMagic;
}

/** A big-endian u32 at `at`, or -1 when the bytes end first. */
export function u32be(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) return -1;
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, false);
}

/** A U-Boot legacy image: its header fields and whether its data CRC holds. */
export interface UImage {
  readonly name: string;
  /** Build time from the header (UTC), as ISO 8601. */
  readonly created: string;
  readonly os: string;
  readonly arch: string;
  readonly type: string;
  readonly compression: string;
  readonly dataOffset: number;
  readonly dataSize: number;
  readonly dataCrcOk: boolean;
}

const oses: Record<number, string> = { 5: 'Linux', 17: 'U-Boot', 20: 'ARM Trusted Firmware' };
const arches: Record<number, string> = { 2: 'ARM', 5: 'MIPS', 15: 'MIPS64', 22: 'ARM64', 3: 'x86' };
const types: Record<number, string> = {
  1: 'standalone',
  2: 'kernel',
  3: 'ramdisk',
  4: 'multi',
  5: 'firmware',
  6: 'script',
  7: 'filesystem',
};
const comps: Record<number, string> = {
  0: 'none',
  1: 'gzip',
  2: 'bzip2',
  3: 'lzma',
  4: 'lzo',
  5: 'lz4',
  6: 'zstd',
};

/**
 * Reads a U-Boot legacy image header. A bad magic, a header CRC that does not hold (its fields
 * cannot be trusted) or data past the end is a ParseError; a data CRC that does not hold is
 * reported in `dataCrcOk`.
 */
export function parseUImage(bytes: Uint8Array, source: string): UImage {
  const v = new BytesView(bytes, source);
  v.need(0, headerBytes, 'U-Boot image header');
  if (v.u32(0, 'magic', false) !== uImageMagic) throw v.fail('not a U-Boot legacy image');
  // A copy: `slice` of a Node Buffer is a view, and zeroing it would alter the caller's bytes.
  const header = new Uint8Array(headerBytes);
  header.set(bytes.subarray(0, headerBytes));
  header.fill(0, 4, 8);
  if (crc32(header) !== v.u32(4, 'header CRC', false))
    throw v.fail('U-Boot image header CRC does not match: header damaged or altered', 4);
  const size = v.u32(12, 'data size', false);
  v.need(headerBytes, size, 'U-Boot image data (truncated)');
  const data = bytes.subarray(headerBytes, headerBytes + size);
  const nameBytes = v.slice(32, 32);
  const end = nameBytes.indexOf(0);
  const name = new TextDecoder('latin1').decode(end < 0 ? nameBytes : nameBytes.subarray(0, end));
  const num = (at: number): number => v.u8(at);
  const label = (table: Record<number, string>, n: number): string => table[n] ?? `code ${n}`;
  return {
    name: name.replace(/[^\x20-\x7e]/g, '?'),
    created: new Date(v.u32(8, 'time', false) * 1000).toISOString(),
    os: label(oses, num(28)),
    arch: label(arches, num(29)),
    type: label(types, num(30)),
    compression: label(comps, num(31)),
    dataOffset: headerBytes,
    dataSize: size,
    dataCrcOk: crc32(data) === v.u32(24, 'data CRC', false),
  };
}
