// PMTiles version 3 (pure, over bytes): the 127-byte header and the varint directories, as the
// published specification (protomaps/PMTiles, spec/v3/spec.md) lays them out. The server reads
// the header to check a basemap before serving it and to tell the map how to draw it; the
// browser reads tiles through the `pmtiles` package.
import { ParseError } from '../shared/errors.js';

export const PMTILES_HEADER_BYTES = 127;

/** Tile types the map can draw, by the header's tile type byte (offset 99). */
export const TILE_TYPES = { 1: 'mvt', 2: 'png', 3: 'jpeg', 4: 'webp', 5: 'avif' } as const;
export type TileType = (typeof TILE_TYPES)[keyof typeof TILE_TYPES];

/** Compression byte values (offsets 97 and 98). */
export const COMPRESSIONS = { 0: 'unknown', 1: 'none', 2: 'gzip', 3: 'brotli', 4: 'zstd' } as const;
export type Compression = (typeof COMPRESSIONS)[keyof typeof COMPRESSIONS];

export interface PmtilesHeader {
  rootOffset: number;
  rootLength: number;
  metadataOffset: number;
  metadataLength: number;
  leafOffset: number;
  leafLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  addressedTiles: number;
  internalCompression: Compression;
  tileCompression: Compression;
  /** `unknown` for type 0 or a value the spec does not name. */
  tileType: TileType | 'unknown';
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
}

/** One directory entry; `runLength` 0 points at a leaf directory. */
export interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/**
 * Reads the header at the start of `bytes`. `source` names the file in errors: not a PMTiles
 * file, or a version other than 3 (versions 1 and 2 start with `PM` and a 16-bit version).
 */
export function parsePmtilesHeader(bytes: Uint8Array, source: string): PmtilesHeader {
  const magic = String.fromCharCode(...bytes.subarray(0, 7));
  if (magic !== 'PMTiles') {
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4d) {
      const old = (bytes[2] ?? 0) | ((bytes[3] ?? 0) << 8);
      if (old === 1 || old === 2) throw unsupported(source, old);
    }
    throw new ParseError(source, 'not a PMTiles file (it does not start with "PMTiles")');
  }
  if (bytes.length < PMTILES_HEADER_BYTES)
    throw new ParseError(source, `the header is cut short at ${bytes.length} of 127 bytes`);
  if (bytes[7] !== 3) throw unsupported(source, bytes[7] ?? 0);
  const v = new DataView(bytes.buffer, bytes.byteOffset, PMTILES_HEADER_BYTES);
  const u64 = (at: number, what: string): number => {
    const n = v.getBigUint64(at, true);
    if (n > BigInt(Number.MAX_SAFE_INTEGER))
      throw new ParseError(source, `${what} is too large`, `byte ${at}`);
    return Number(n);
  };
  const deg = (at: number): number => v.getInt32(at, true) / 1e7;
  const header: PmtilesHeader = {
    rootOffset: u64(8, 'the root directory offset'),
    rootLength: u64(16, 'the root directory length'),
    metadataOffset: u64(24, 'the metadata offset'),
    metadataLength: u64(32, 'the metadata length'),
    leafOffset: u64(40, 'the leaf directories offset'),
    leafLength: u64(48, 'the leaf directories length'),
    tileDataOffset: u64(56, 'the tile data offset'),
    tileDataLength: u64(64, 'the tile data length'),
    addressedTiles: u64(72, 'the number of addressed tiles'),
    internalCompression: compressionOf(v.getUint8(97)),
    tileCompression: compressionOf(v.getUint8(98)),
    tileType: tileTypeOf(v.getUint8(99)),
    minZoom: v.getUint8(100),
    maxZoom: v.getUint8(101),
    bounds: [deg(102), deg(106), deg(110), deg(114)],
    center: [deg(119), deg(123), v.getUint8(118)],
  };
  if (header.minZoom > header.maxZoom)
    throw new ParseError(source, `min zoom ${header.minZoom} is above max zoom ${header.maxZoom}`);
  return header;
}

function unsupported(source: string, version: number): ParseError {
  return new ParseError(
    source,
    `PMTiles version ${version} is not supported; sousveil reads version 3 (convert it with \`pmtiles convert\`)`,
  );
}

function compressionOf(n: number): Compression {
  return n in COMPRESSIONS ? COMPRESSIONS[n as keyof typeof COMPRESSIONS] : 'unknown';
}

function tileTypeOf(n: number): TileType | 'unknown' {
  return n in TILE_TYPES ? TILE_TYPES[n as keyof typeof TILE_TYPES] : 'unknown';
}

/** Decodes an uncompressed directory: a count, then tile id deltas, run lengths, lengths, offsets. */
export function parseDirectory(bytes: Uint8Array, source: string): DirectoryEntry[] {
  const at = { i: 0 };
  const next = (): number => readVarint(bytes, at, source);
  const count = next();
  // Each entry takes at least four bytes, so a count past that is a lie, not a reason to allocate.
  if (count === 0 || count * 4 > bytes.length - at.i)
    throw new ParseError(source, `a directory of ${count} entries in ${bytes.length} bytes`);
  const entries: DirectoryEntry[] = [];
  let id = 0;
  for (let k = 0; k < count; k++) {
    id += next();
    entries.push({ tileId: id, offset: 0, length: 0, runLength: 0 });
  }
  for (const e of entries) e.runLength = next();
  for (const e of entries) e.length = next();
  let previous: DirectoryEntry | undefined;
  for (const e of entries) {
    const raw = next();
    e.offset = raw === 0 && previous !== undefined ? previous.offset + previous.length : raw - 1;
    if (e.offset < 0) throw new ParseError(source, 'the first entry has no offset');
    previous = e;
  }
  return entries;
}

/** One unsigned LEB128 varint, up to 2^53. */
function readVarint(bytes: Uint8Array, at: { i: number }, source: string): number {
  let value = 0;
  let scale = 1;
  for (let k = 0; k < 8; k++) {
    const b = bytes[at.i];
    if (b === undefined) throw new ParseError(source, 'a directory is cut short', `byte ${at.i}`);
    at.i++;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return value;
    scale *= 128;
  }
  throw new ParseError(source, 'a varint is longer than 8 bytes', `byte ${at.i}`);
}

/** The Hilbert tile id of z/x/y: all tiles of lower zooms, then the position on zoom z's curve. */
export function tileIdOf(z: number, x: number, y: number): number {
  const n = 2 ** z;
  let id = (n * n - 1) / 3;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    id += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return id;
}
