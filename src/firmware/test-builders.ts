// Builders of each firmware format for tests and the benchmark (pure): real layouts, synthetic data.
import { buildZip, type Deflate } from '../appaudit/test-builders.js';
import { byteSum, crc32 } from './crc32.js';
import { hikvisionMagics, xorHikvisionHeader, type HikvisionMagic } from './hikvision.js';

const enc = new TextEncoder();

/** One file of a package or archive. */
export interface FwFile {
  readonly name: string;
  readonly data: Uint8Array;
}

/** Header fields of a Hikvision package; hostile knobs move offsets and sizes. */
export interface HikvisionSpec {
  readonly files: readonly FwFile[];
  readonly magic?: HikvisionMagic;
  readonly language?: number;
  readonly deviceClass?: number;
  readonly oemCode?: number;
  /** u32 at 0x1C, e.g. 0x05050000 + 160 for 5.5.160. */
  readonly version?: number;
  /** YYMMDD at 0x24. */
  readonly buildDate?: number;
  readonly versionText?: string;
  readonly badChecksum?: boolean;
  /** Entries whose offset/size is overridden (hostile tables). */
  readonly override?: Readonly<Record<string, { offset?: number; size?: number }>>;
}

/** A Hikvision SWKH (or 02KH/03KH) package with its XOR-encoded header and file table. */
export function buildHikvision(spec: HikvisionSpec): Uint8Array {
  const headerLength = 0x40 + spec.files.length * 0x2c;
  const total = headerLength + spec.files.reduce((n, f) => n + f.data.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, hikvisionMagics[spec.magic ?? 'SWKH'], true);
  dv.setUint32(8, headerLength, true);
  dv.setUint32(12, spec.files.length, true);
  dv.setUint32(0x10, spec.language ?? 1, true);
  dv.setUint32(0x14, spec.deviceClass ?? 2, true);
  dv.setUint32(0x18, spec.oemCode ?? 1, true);
  dv.setUint32(0x1c, spec.version ?? 0xffffffff, true);
  dv.setUint32(0x24, spec.buildDate ?? 0xffffffff, true);
  if (spec.versionText !== undefined) out.set(enc.encode(spec.versionText).subarray(0, 24), 0x28);
  let offset = headerLength;
  spec.files.forEach((f, i) => {
    const at = 0x40 + i * 0x2c;
    out.set(enc.encode(f.name).subarray(0, 31), at);
    const o = spec.override?.[f.name];
    dv.setUint32(at + 32, o?.offset ?? offset, true);
    dv.setUint32(at + 36, o?.size ?? f.data.length, true);
    dv.setUint32(at + 40, byteSum(f.data), true);
    out.set(f.data, offset);
    offset += f.data.length;
  });
  dv.setUint32(
    4,
    byteSum(out.subarray(12, headerLength)) + (spec.badChecksum === true ? 1 : 0),
    true,
  );
  out.set(xorHikvisionHeader(out, headerLength), 0);
  return out;
}

/** A Dahua image: a ZIP whose first local header starts "DH" instead of "PK". */
export function buildDahuaZip(files: readonly FwFile[], deflate: Deflate): Uint8Array {
  const zip = buildZip(files, deflate);
  zip[0] = 0x44;
  zip[1] = 0x48;
  return zip;
}

/** A U-Boot legacy image around `data`, with both CRCs right unless `badDataCrc`. */
export function buildUImage(
  name: string,
  data: Uint8Array,
  options: { type?: number; os?: number; time?: number; badDataCrc?: boolean } = {},
): Uint8Array {
  const out = new Uint8Array(64 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x27051956);
  dv.setUint32(8, options.time ?? 1_643_500_800);
  dv.setUint32(12, data.length);
  dv.setUint32(16, 0x80008000);
  dv.setUint32(20, 0x80008000);
  dv.setUint32(24, (crc32(data) + (options.badDataCrc === true ? 1 : 0)) >>> 0);
  out[28] = options.os ?? 5;
  out[29] = 2;
  out[30] = options.type ?? 7;
  out[31] = 0;
  out.set(enc.encode(name).subarray(0, 31), 32);
  dv.setUint32(4, crc32(out.subarray(0, 64)));
  out.set(data, 64);
  return out;
}

/** A ustar archive of regular files. */
export function buildTar(files: readonly FwFile[]): Uint8Array {
  const size = files.reduce((n, f) => n + 512 + Math.ceil(f.data.length / 512) * 512, 1024);
  const out = new Uint8Array(size);
  let at = 0;
  for (const f of files) {
    const h = out.subarray(at, at + 512);
    h.set(enc.encode(f.name).subarray(0, 99), 0);
    h.set(enc.encode('0000644\0'), 100);
    h.set(enc.encode(`${f.data.length.toString(8).padStart(11, '0')}\0`), 124);
    h.set(enc.encode('00000000000\0'), 136);
    h[156] = 0x30;
    h.set(enc.encode('ustar\0'), 257);
    h.set(enc.encode('00'), 263);
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    out.set(f.data, at + 512);
    at += 512 + Math.ceil(f.data.length / 512) * 512;
  }
  return out;
}

/** Text as bytes. */
export const text = (s: string): Uint8Array => enc.encode(s);
