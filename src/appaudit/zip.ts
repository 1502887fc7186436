import { ArchiveRefusedError } from './archive-refused.js';
import { BytesView, decodeName, hex } from './bytes-view.js';

/** One file of a ZIP archive, as its central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Bounds on what an archive may declare; every one is in entries or bytes. */
export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxNameBytes: number;
  /** Sum of declared uncompressed sizes. */
  readonly maxDeclaredBytes: number;
  /** Declared uncompressed bytes over archive bytes, for the whole archive. */
  readonly maxRatio: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 200_000,
  maxNameBytes: 4096,
  maxDeclaredBytes: 8 * 1024 ** 3,
  maxRatio: 200,
};

/** The central directory of an archive, and where the APK Signing Block lies if there is one. */
export interface ZipDirectory {
  readonly entries: readonly ZipEntry[];
  readonly centralOffset: number;
  readonly signingBlock: { readonly offset: number; readonly size: number } | undefined;
}

const eocdSig = 0x06054b50;
const zip64LocatorSig = 0x07064b50;
const zip64EocdSig = 0x06064b50;
const centralSig = 0x02014b50;
const localSig = 0x04034b50;
const max32 = 0xffffffff;

/**
 * Makes bytes `start` to `end` of the archive present in its image before they are read: an
 * archive read from a file in part (only its directory and the entries asked for) loads them then.
 * The range may be clipped to the image; bounds are still checked by every read.
 */
export type RangeLoader = (start: number, end: number) => void;

/** For archives wholly in memory. */
export const allPresent: RangeLoader = () => undefined;

/**
 * Reads an archive from its End of Central Directory record and central directory, never trusting
 * local headers for names or sizes. Refuses zip bombs (declared sizes, overall ratio, overlapping
 * entries), too many entries and names that would escape a folder, each with one clear message.
 */
export function readZipDirectory(
  bytes: Uint8Array,
  source = 'zip',
  limits: ZipLimits = defaultZipLimits,
  load: RangeLoader = allPresent,
): ZipDirectory {
  const v = new BytesView(bytes, source);
  const end = findEnd(v, load);
  if (end.count > limits.maxEntries) {
    throw refuse(
      v,
      `archive refused: ${end.count} entries, more than ${limits.maxEntries} entries`,
    );
  }
  const entries: ZipEntry[] = [];
  let at = end.centralOffset;
  let declared = 0;
  for (let i = 0; i < end.count; i++) {
    const entry = readCentralEntry(v, at, limits);
    at = entry.next;
    checkName(v, entry.entry.name, entry.offset);
    declared += entry.entry.size;
    if (declared > limits.maxDeclaredBytes) {
      throw refuse(
        v,
        `zip bomb refused: entries declare more than ${limits.maxDeclaredBytes} bytes uncompressed`,
      );
    }
    entries.push(entry.entry);
  }
  if (declared > Math.max(bytes.length, 1) * limits.maxRatio) {
    throw refuse(
      v,
      `zip bomb refused: entries declare ${declared} bytes from ${bytes.length} (over ${limits.maxRatio}x)`,
    );
  }
  checkOverlaps(v, entries, end.centralOffset);
  return {
    entries,
    centralOffset: end.centralOffset,
    signingBlock: findSigningBlock(v, end.centralOffset, load),
  };
}

interface End {
  centralOffset: number;
  count: number;
}

function findEnd(v: BytesView, load: RangeLoader): End {
  if (v.length < 22) throw v.fail('too short for a ZIP archive (no end of central directory)');
  const lowest = Math.max(0, v.length - 22 - 0xffff);
  // The record, its comment and the zip64 locator just before it.
  load(Math.max(0, lowest - 20), v.length);
  for (let at = v.length - 22; at >= lowest; at--) {
    if (v.u32(at) !== eocdSig) continue;
    if (at + 22 + v.u16(at + 20) !== v.length) continue; // comment length must reach the end
    return endFrom(v, at, load);
  }
  throw v.fail('no end of central directory record: not a ZIP archive, or truncated');
}

function endFrom(v: BytesView, at: number, load: RangeLoader): End {
  let count = v.u16(at + 10, 'entry count');
  let size = v.u32(at + 12, 'central directory size');
  let centralOffset = v.u32(at + 16, 'central directory offset');
  if ((count === 0xffff || centralOffset === max32 || size === max32) && at >= 20) {
    if (v.u32(at - 20) === zip64LocatorSig) {
      const z = v.u64(at - 12, 'zip64 end offset');
      load(z, z + 56);
      if (v.u32(z, 'zip64 end signature') !== zip64EocdSig) throw v.fail('bad zip64 end record', z);
      count = v.u64(z + 32, 'zip64 entry count');
      size = v.u64(z + 40, 'zip64 central directory size');
      centralOffset = v.u64(z + 48, 'zip64 central directory offset');
    }
  }
  v.need(centralOffset, size, 'central directory');
  load(centralOffset, centralOffset + size);
  // Each central record takes at least 46 bytes: a count past that is a lie, refused before looping.
  if (count * 46 > size) throw v.fail(`central directory too small for ${count} entries`, at);
  return { centralOffset, count };
}

function readCentralEntry(
  v: BytesView,
  at: number,
  limits: ZipLimits,
): { entry: ZipEntry; offset: number; next: number } {
  if (v.u32(at, 'central header') !== centralSig) throw v.fail('bad central directory header', at);
  const nameLength = v.u16(at + 28);
  const extraLength = v.u16(at + 30);
  const commentLength = v.u16(at + 32);
  if (nameLength > limits.maxNameBytes) throw v.fail('entry name too long', at);
  const flags = v.u16(at + 8);
  const name = decodeName(v.slice(at + 46, nameLength, 'entry name'), (flags & 0x800) !== 0);
  let compressedSize = v.u32(at + 20);
  let size = v.u32(at + 24);
  let localOffset = v.u32(at + 42);
  const extra = v.slice(at + 46 + nameLength, extraLength, 'extra field');
  if (compressedSize === max32 || size === max32 || localOffset === max32) {
    const z = readZip64Extra(new BytesView(extra, v.source), { size, compressedSize, localOffset });
    ({ size, compressedSize, localOffset } = z);
  }
  const entry: ZipEntry = {
    name,
    method: v.u16(at + 10),
    flags,
    crc32: v.u32(at + 16),
    compressedSize,
    size,
    localOffset,
  };
  return { entry, offset: at, next: at + 46 + nameLength + extraLength + commentLength };
}

interface Sizes {
  size: number;
  compressedSize: number;
  localOffset: number;
}

function readZip64Extra(x: BytesView, sizes: Sizes): Sizes {
  for (let at = 0; at + 4 <= x.length;) {
    const id = x.u16(at);
    const length = x.u16(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const take = (value: number): number => {
        if (value !== max32) return value;
        const wide = x.u64(p, 'zip64 extra');
        p += 8;
        return wide;
      };
      const size = take(sizes.size);
      const compressedSize = take(sizes.compressedSize);
      return { size, compressedSize, localOffset: take(sizes.localOffset) };
    }
    at += 4 + length;
  }
  throw x.fail('entry needs a zip64 extra field and has none');
}

/** Refuses names that would write outside a folder if extracted: `..`, absolute, drive letters. */
function checkName(v: BytesView, name: string, at: number): void {
  const parts = name.split(/[/\\]/);
  const escapes =
    name.startsWith('/') ||
    name.startsWith('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\0') ||
    parts.includes('..');
  if (escapes) throw refuse(v, `path traversal refused: entry name ${JSON.stringify(name)}`, at);
}

/**
 * Entries whose data overlap are how "better" zip bombs reuse one compressed stream many times.
 * The local header's own extra field can only push data further, so this lower bound is sound.
 */
function checkOverlaps(v: BytesView, entries: readonly ZipEntry[], centralOffset: number): void {
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i] as ZipEntry;
    const next = sorted[i + 1];
    const end = e.localOffset + 30 + utf8Length(e.name) + e.compressedSize;
    const limit = next === undefined ? centralOffset : next.localOffset;
    if (end > limit) {
      throw refuse(
        v,
        `zip bomb refused: entry ${JSON.stringify(e.name)} overlaps the next entry or the directory`,
        e.localOffset,
      );
    }
  }
}

function utf8Length(name: string): number {
  return new TextEncoder().encode(name).length;
}

function findSigningBlock(
  v: BytesView,
  centralOffset: number,
  load: RangeLoader,
): { offset: number; size: number } | undefined {
  if (centralOffset < 32) return undefined;
  load(centralOffset - 24, centralOffset);
  const magic = new TextDecoder('latin1').decode(v.slice(centralOffset - 16, 16));
  if (magic !== 'APK Sig Block 42') return undefined;
  const size = v.u64(centralOffset - 24, 'signing block size');
  const offset = centralOffset - size - 8;
  if (offset >= 0) load(offset, offset + 8);
  if (offset < 0 || v.u64(offset, 'signing block size') !== size) {
    throw v.fail('APK signing block sizes disagree', centralOffset - 24);
  }
  load(offset, centralOffset);
  return { offset, size };
}

/** Where an entry's data starts: after its local header, whose own lengths are read but checked. */
export function entryDataOffset(
  v: BytesView,
  entry: ZipEntry,
  load: RangeLoader = allPresent,
): number {
  const at = entry.localOffset;
  load(at, at + 30);
  if (v.u32(at, 'local header') !== localSig)
    throw v.fail(`bad local header for ${entry.name}`, at);
  const start = at + 30 + v.u16(at + 26) + v.u16(at + 28);
  v.need(start, entry.compressedSize, `data of ${entry.name}`);
  load(start, start + entry.compressedSize);
  return start;
}

function refuse(v: BytesView, message: string, at?: number): ArchiveRefusedError {
  return new ArchiveRefusedError(v.source, message, at === undefined ? undefined : hex(at));
}
