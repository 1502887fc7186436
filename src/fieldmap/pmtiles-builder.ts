// Builders for tests (pure): a PMTiles v3 archive (header, root directory, JSON metadata, tile
// data; internal compression "none"), a one-colour PNG tile and a one-square MVT tile, written
// from the published specifications (PMTiles v3; PNG, RFC 2083; Mapbox Vector Tile 2.1).
import { PMTILES_HEADER_BYTES, tileIdOf, TILE_TYPES, type TileType } from './pmtiles.js';

export interface TileInput {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export interface ArchiveInput {
  tileType: TileType;
  tiles: readonly TileInput[];
  metadata?: Record<string, unknown>;
  /** Header tile compression byte; 1 (none) by default. */
  tileCompression?: number;
  /** Overrides the version byte (to test refusals). */
  version?: number;
}

/** A whole archive in the spec's usual order. */
export function buildPmtiles(input: ArchiveInput): Uint8Array {
  const tiles = [...input.tiles]
    .map((t) => ({ ...t, id: tileIdOf(t.z, t.x, t.y) }))
    .sort((a, b) => a.id - b.id);
  const offsets: number[] = [];
  let dataLength = 0;
  for (const t of tiles) {
    offsets.push(dataLength);
    dataLength += t.data.length;
  }
  const dir = directoryBytes(tiles.map((t, i) => [t.id, offsets[i] ?? 0, t.data.length]));
  const meta = new TextEncoder().encode(JSON.stringify(input.metadata ?? {}));
  const rootOffset = PMTILES_HEADER_BYTES;
  const metaOffset = rootOffset + dir.length;
  const dataOffset = metaOffset + meta.length;
  const out = new Uint8Array(dataOffset + dataLength);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  out[7] = input.version ?? 3;
  const u64 = (at: number, n: number): void => v.setBigUint64(at, BigInt(n), true);
  u64(8, rootOffset);
  u64(16, dir.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, tiles.length);
  u64(80, tiles.length);
  u64(88, tiles.length);
  out[96] = 1;
  out[97] = 1;
  out[98] = input.tileCompression ?? 1;
  const typeByte = Object.entries(TILE_TYPES).find(([, name]) => name === input.tileType)?.[0];
  out[99] = Number(typeByte ?? 0);
  const zooms = tiles.map((t) => t.z);
  out[100] = Math.min(...zooms);
  out[101] = Math.max(...zooms);
  const deg = (at: number, d: number): void => v.setInt32(at, Math.round(d * 1e7), true);
  deg(102, -180);
  deg(106, -85);
  deg(110, 180);
  deg(114, 85);
  out[118] = 0;
  out.set(dir, rootOffset);
  out.set(meta, metaOffset);
  tiles.forEach((t, i) => out.set(t.data, dataOffset + (offsets[i] ?? 0)));
  return out;
}

/** Entries as [tileId, offset, length], run length 1 each, in the spec's columnar varints. */
function directoryBytes(entries: readonly (readonly [number, number, number])[]): Uint8Array {
  const out: number[] = [];
  varint(out, entries.length);
  let last = 0;
  for (const [id] of entries) {
    varint(out, id - last);
    last = id;
  }
  for (const _ of entries) varint(out, 1);
  for (const [, , length] of entries) varint(out, length);
  let end = -1;
  for (const [, offset, length] of entries) {
    varint(out, offset === end ? 0 : offset + 1);
    end = offset + length;
  }
  return Uint8Array.from(out);
}

function varint(out: number[], n: number): void {
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A `size`-pixel square PNG of one RGB colour (zlib stream of stored deflate blocks). */
export function solidPng(rgb: readonly [number, number, number], size = 256): Uint8Array {
  const raw = new Uint8Array(size * (1 + size * 3));
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) raw.set(rgb, y * (1 + size * 3) + 1 + x * 3);
  const blocks: number[] = [0x78, 0x01];
  for (let at = 0; at < raw.length; at += 0xffff) {
    const n = Math.min(0xffff, raw.length - at);
    blocks.push(at + n >= raw.length ? 1 : 0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff);
    for (let i = at; i < at + n; i++) blocks.push(raw[i] ?? 0);
  }
  let a = 1;
  let b = 0;
  for (const x of raw) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  blocks.push(b >> 8, b & 0xff, a >> 8, a & 0xff);
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, size);
  hv.setUint32(4, size);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Uint8Array.from(blocks)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An MVT tile with one layer `layer` holding one polygon: the tile's inner square. */
export function squareMvt(layer: string): Uint8Array {
  const zz = (n: number): number => (n << 1) ^ (n >> 31);
  const command = (id: number, count: number): number => (id & 7) | (count << 3);
  // MoveTo(512,512) LineTo +3072,0 / 0,+3072 / -3072,0, ClosePath (clockwise in tile space).
  const geometry = [
    command(1, 1),
    zz(512),
    zz(512),
    command(2, 3),
    zz(3072),
    zz(0),
    zz(0),
    zz(3072),
    zz(-3072),
    zz(0),
    command(7, 1),
  ];
  const feature = [...field(3, 0), 3, ...packed(4, geometry)];
  const name = new TextEncoder().encode(layer);
  const body = [
    ...field(15, 0),
    2,
    ...field(1, 2),
    ...lengthOf(name.length),
    ...name,
    ...field(2, 2),
    ...lengthOf(feature.length),
    ...feature,
    ...field(5, 0),
    ...lengthOf(4096),
  ];
  return Uint8Array.from([...field(3, 2), ...lengthOf(body.length), ...body]);
}

function field(n: number, wire: number): number[] {
  return lengthOf((n << 3) | wire);
}

function lengthOf(n: number): number[] {
  const out: number[] = [];
  varint(out, n);
  return out;
}

function packed(n: number, values: readonly number[]): number[] {
  const bytes: number[] = [];
  for (const x of values) varint(bytes, x);
  return [...field(n, 2), ...lengthOf(bytes.length), ...bytes];
}
