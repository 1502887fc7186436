// Hikvision upgrade packages (`digicap.dav`), pure over bytes. The header is XOR-obfuscated with a
// published 16-byte key, byte i using key[(i + (i >> 4)) & 0xF] (hiktools decode_xor16.c, hikfw),
// verified against a public NVR header that decodes to "SWKH". Layout: Hikvision's own
// upgrade_file.h (2012) — u32 LE magic, checksum (byte-sum from file_nums on), header length, file
// count, language, device class, OEM code — then hikfw's optional version fields, then 44-byte
// entries: name[32], offset, size, byte-sum checksum.
import { ArchiveRefusedError, BytesView, hex } from '../appaudit/index.js';
import { byteSum } from './crc32.js';

const key = [
  0xba, 0xcd, 0xbc, 0xfe, 0xd6, 0xca, 0xdd, 0xd3, 0xba, 0xb9, 0xa3, 0xab, 0xbf, 0xcb, 0xb5, 0xbe,
];

/** XORs `length` bytes from the start of a package with the header key (encodes and decodes). */
export function xorHikvisionHeader(bytes: Uint8Array, length: number): Uint8Array {
  const n = Math.min(length, bytes.length);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (bytes[i] as number) ^ (key[(i + (i >> 4)) & 0xf] as number);
  return out;
}

/** Header magics: SWKH and 02KH have readable tables; 03KH is AES-encrypted; 35KH a signature file. */
export const hikvisionMagics = {
  SWKH: 0x484b5753,
  '02KH': 0x484b3230,
  '03KH': 0x484b3330,
  '35KH': 0x484b3533,
} as const;
export type HikvisionMagic = keyof typeof hikvisionMagics;

/** The package's magic after XOR-decoding its first bytes, or undefined when it is not one. */
export function sniffHikvision(bytes: Uint8Array): HikvisionMagic | undefined {
  if (bytes.length < 4) return undefined;
  const d = xorHikvisionHeader(bytes, 4);
  const magic =
    ((d[0] as number) |
      ((d[1] as number) << 8) |
      ((d[2] as number) << 16) |
      ((d[3] as number) << 24)) >>>
    0;
  for (const [name, value] of Object.entries(hikvisionMagics))
    if (value === magic) return name as HikvisionMagic;
  return undefined;
}

/** One file of the package's table. */
export interface HikvisionEntry {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly checksum: number;
}

/** What a Hikvision package header says. */
export interface HikvisionHeader {
  readonly magic: HikvisionMagic;
  readonly encrypted: boolean;
  readonly headerLength: number;
  readonly headerChecksumOk: boolean;
  readonly language: number | undefined;
  readonly deviceClass: number | undefined;
  readonly oemCode: number | undefined;
  /** From the u32 at 0x1C as major.minor.patch (8, 8 and 16 bits), when set. */
  readonly firmwareVersion: string | undefined;
  /** hikfw's build date field (0x24) read as YYMMDD, when it is one. */
  readonly buildDate: string | undefined;
  /** hikfw's version string (0x28), when printable. */
  readonly versionText: string | undefined;
  readonly entries: readonly HikvisionEntry[];
}

/** Bounds on what a header may declare. */
export interface HikvisionLimits {
  readonly maxEntries: number;
}

const entryBytes = 0x2c;
const tableStart = 0x40;

/**
 * Reads a Hikvision package header and file table. Truncated headers and bad lengths are a
 * ParseError; names that would escape a folder, entries past the end of the file and entries
 * whose data overlap are refused (ArchiveRefusedError), as a hostile package would use them.
 */
export function parseHikvision(
  bytes: Uint8Array,
  source: string,
  limits: HikvisionLimits = { maxEntries: 4096 },
): HikvisionHeader {
  const magic = sniffHikvision(bytes);
  const raw = new BytesView(bytes, source);
  if (magic === undefined) throw raw.fail('not a Hikvision package (no SWKH/02KH/03KH magic)');
  if (magic === '03KH' || magic === '35KH') return encryptedHeader(magic);
  const prefix = new BytesView(xorHikvisionHeader(bytes, tableStart), source);
  prefix.need(0, tableStart, 'package header');
  const headerLength = prefix.u32(8, 'header length');
  const count = prefix.u32(12, 'file count');
  if (count > limits.maxEntries)
    throw refuse(
      source,
      `package refused: ${count} files declared, more than ${limits.maxEntries}`,
    );
  if (headerLength < tableStart + count * entryBytes)
    throw prefix.fail(`header length ${headerLength} is too short for ${count} files`, 8);
  raw.need(0, headerLength, 'package header (truncated)');
  const header = new BytesView(xorHikvisionHeader(bytes, headerLength), source);
  const entries = readEntries(header, count, bytes.length);
  checkOverlaps(source, entries, headerLength);
  return {
    magic,
    encrypted: false,
    headerLength,
    headerChecksumOk: byteSum(header.bytes.subarray(12, headerLength)) === header.u32(4),
    language: header.u32(0x10),
    deviceClass: header.u32(0x14),
    oemCode: header.u32(0x18),
    firmwareVersion: versionOf(header.u32(0x1c)),
    buildDate: dateOf(header.u32(0x24)),
    versionText: printable(header.slice(0x28, 24)),
    entries,
  };
}

function encryptedHeader(magic: HikvisionMagic): HikvisionHeader {
  return {
    magic,
    encrypted: true,
    headerLength: 0,
    headerChecksumOk: false,
    language: undefined,
    deviceClass: undefined,
    oemCode: undefined,
    firmwareVersion: undefined,
    buildDate: undefined,
    versionText: undefined,
    entries: [],
  };
}

function readEntries(h: BytesView, count: number, fileLength: number): HikvisionEntry[] {
  const out: HikvisionEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = tableStart + i * entryBytes;
    const name = cString(h.slice(at, 32, 'entry name'));
    const entry = { name, offset: h.u32(at + 32), size: h.u32(at + 36), checksum: h.u32(at + 40) };
    if (name === '' || /[\\/]|^\.\.?$/.test(name) || name.includes('\0'))
      throw refuse(h.source, `path traversal refused: entry name ${JSON.stringify(name)}`, at);
    if (entry.offset + entry.size > fileLength)
      throw refuse(
        h.source,
        `file table points past the end: ${name} at ${hex(entry.offset)} + ${entry.size} bytes, the file has ${fileLength} (truncated?)`,
        at,
      );
    out.push(entry);
  }
  return out;
}

function checkOverlaps(
  source: string,
  entries: readonly HikvisionEntry[],
  headerLength: number,
): void {
  const sorted = [...entries].filter((e) => e.size > 0).sort((a, b) => a.offset - b.offset);
  let end = headerLength;
  let last = 'the header';
  for (const e of sorted) {
    if (e.offset < end)
      throw refuse(source, `overlapping file table refused: ${e.name} overlaps ${last}`, e.offset);
    end = e.offset + e.size;
    last = e.name;
  }
}

/** Whether an entry's data sum to its checksum. */
export function entryChecksumOk(bytes: Uint8Array, e: HikvisionEntry): boolean {
  return byteSum(bytes.subarray(e.offset, e.offset + e.size)) === e.checksum;
}

function versionOf(v: number): string | undefined {
  if (v === 0 || v === 0xffffffff) return undefined;
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${v & 0xffff}`;
}

function dateOf(v: number): string | undefined {
  if (v === 0 || v === 0xffffffff) return undefined;
  const s = String(v).padStart(6, '0');
  if (s.length !== 6) return undefined;
  const [mm, dd] = [Number(s.slice(2, 4)), Number(s.slice(4, 6))];
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return undefined;
  return `20${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)}`;
}

const latin1 = new TextDecoder('latin1');

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return latin1.decode(end < 0 ? b : b.subarray(0, end));
}

function printable(b: Uint8Array): string | undefined {
  const s = cString(b).trim();
  return s !== '' && /^[\x20-\x7e]+$/.test(s) ? s : undefined;
}

function refuse(source: string, message: string, at?: number): ArchiveRefusedError {
  return new ArchiveRefusedError(source, message, at === undefined ? undefined : hex(at));
}

/** Language codes of the header (upgrade_file.h: 1 English, 2 Chinese). */
export function hikvisionLanguage(code: number | undefined): string | undefined {
  if (code === 1) return 'English/multi-language';
  if (code === 2) return 'Chinese';
  return code === undefined || code === 0xffffffff ? undefined : `language code ${code}`;
}

/** Device classes of the header (upgrade_file.h: 1 DS9000 DVR, 2 IPC); others are shown as codes. */
export function hikvisionDeviceClass(code: number | undefined): {
  line: string | undefined;
  code: string | undefined;
} {
  if (code === undefined || code === 0xffffffff) return { line: undefined, code: undefined };
  const c = `0x${code.toString(16)}`;
  if (code === 1) return { line: 'DVR', code: c };
  if (code === 2) return { line: 'IPC', code: c };
  return { line: undefined, code: c };
}
