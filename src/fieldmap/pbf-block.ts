// The OSM PBF format's messages (https://wiki.openstreetmap.org/wiki/PBF_Format, fileformat.proto
// and osmformat.proto), read with mapbox's `pbf` protocol-buffer reader. Only what the import uses
// is decoded: ids, positions, tags, way node references and versions. Element metadata (user,
// uid, changeset, timestamp) is skipped unread, so no mapper's name is ever in memory. Untagged
// elements, the bulk of any extract, are stepped over unless the caller keeps their id; of a
// block's strings only those an element needs are turned into text.
import { PbfReader } from 'pbf';
import type { OsmItem } from './osm-element.js';

/** A message the file's framing or a block breaks; the caller adds file and block. */
export class PbfFormatError extends Error {}

/** Wire types of the protocol-buffer encoding. */
const VARINT = 0;
const BYTES = 2;

/** The largest blob header and blob the format allows (64 KiB and 32 MiB). */
export const maxBlobHeaderBytes = 64 * 1024;
export const maxBlobBytes = 32 * 1024 * 1024;

/** Reads `bytes` field by field; `field` is called with the field number and wire type. */
function fields(pbf: PbfReader, end: number, field: (tag: number, type: number) => boolean): void {
  while (pbf.pos < end) {
    const key = pbf.readVarint();
    const tag = key >> 3;
    const type = key & 7;
    const start = pbf.pos;
    if (!field(tag, type)) skip(pbf, type);
    if (pbf.pos > end || pbf.pos < start) throw new PbfFormatError('a field runs past its message');
  }
  if (pbf.pos !== end) throw new PbfFormatError('a message ends inside a field');
}

function skip(pbf: PbfReader, type: number): void {
  if (type === VARINT) pbf.readVarint();
  else if (type === BYTES) {
    // The length first: `pos += readVarint()` would add it to the position before the length.
    const length = pbf.readVarint();
    pbf.pos += length;
  } else if (type === 1) pbf.pos += 8;
  else if (type === 5) pbf.pos += 4;
  else throw new PbfFormatError(`unknown wire type ${type}`);
}

/** The [start, end) of a length-delimited field the reader is at, checked against `limit`. */
function span(pbf: PbfReader, type: number, limit: number): [number, number] {
  if (type !== BYTES) throw new PbfFormatError('a length-delimited field has another wire type');
  const length = pbf.readVarint();
  const start = pbf.pos;
  if (length < 0 || start + length > limit)
    throw new PbfFormatError('a field runs past its message');
  pbf.pos = start + length;
  return [start, start + length];
}

function reader(bytes: Uint8Array): PbfReader {
  return new PbfReader(bytes);
}

/** Runs a decoder; anything the library throws on a malformed message becomes PbfFormatError. */
function guarded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof PbfFormatError) throw e;
    throw new PbfFormatError(`malformed message (${(e as Error).message})`);
  }
}

/** BlobHeader: the blob's type and size. */
export function parseBlobHeader(bytes: Uint8Array): { type: string; dataSize: number } {
  return guarded(() => {
    const pbf = reader(bytes);
    let type: string | undefined;
    let dataSize: number | undefined;
    fields(pbf, bytes.length, (tag, wire) => {
      if (tag === 1) {
        const [s, e] = span(pbf, wire, bytes.length);
        type = new TextDecoder().decode(bytes.subarray(s, e));
        return true;
      }
      if (tag === 3 && wire === VARINT) {
        dataSize = pbf.readVarint();
        return true;
      }
      return false;
    });
    if (type === undefined || dataSize === undefined)
      throw new PbfFormatError('a blob header without its type or size');
    if (dataSize < 0 || dataSize > maxBlobBytes)
      throw new PbfFormatError(`a blob of ${dataSize} bytes (the format allows ${maxBlobBytes})`);
    return { type, dataSize };
  });
}

/** Blob: its data, raw or zlib-compressed, and the raw size. */
export type BlobData =
  | { kind: 'raw'; data: Uint8Array }
  | { kind: 'zlib'; data: Uint8Array; rawSize: number }
  | { kind: 'unsupported'; compression: string };

const compressions: Record<number, string> = { 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' };

export function parseBlob(bytes: Uint8Array): BlobData {
  return guarded(() => {
    const pbf = reader(bytes);
    let out: BlobData | undefined;
    let rawSize: number | undefined;
    fields(pbf, bytes.length, (tag, wire) => {
      if (tag === 2 && wire === VARINT) {
        rawSize = pbf.readVarint();
        return true;
      }
      if (tag === 1 || tag === 3 || compressions[tag] !== undefined) {
        const [s, e] = span(pbf, wire, bytes.length);
        const data = bytes.subarray(s, e);
        out =
          tag === 1
            ? { kind: 'raw', data }
            : tag === 3
              ? { kind: 'zlib', data, rawSize: 0 }
              : { kind: 'unsupported', compression: compressions[tag] ?? String(tag) };
        return true;
      }
      return false;
    });
    if (out === undefined) throw new PbfFormatError('a blob without data');
    if (out.kind === 'zlib') {
      if (rawSize === undefined || rawSize < 0 || rawSize > maxBlobBytes)
        throw new PbfFormatError('a compressed blob without a valid raw size');
      out.rawSize = rawSize;
    }
    return out;
  });
}

/** The features a reader must understand to read the file; anything else is refused. */
const knownFeatures = new Set([
  'OsmSchema-V0.6',
  'DenseNodes',
  'HistoricalInformation',
  'Sort.Type_then_ID',
  'LocationsOnWays',
]);

/** HeaderBlock: refuses a file needing a feature this reader does not know. */
export function checkHeaderBlock(bytes: Uint8Array): void {
  guarded(() => {
    const pbf = reader(bytes);
    fields(pbf, bytes.length, (tag, wire) => {
      if (tag !== 4) return false;
      const [s, e] = span(pbf, wire, bytes.length);
      const feature = new TextDecoder().decode(bytes.subarray(s, e));
      if (!knownFeatures.has(feature))
        throw new PbfFormatError(
          `the file needs the feature "${feature}", which sousveil does not read`,
        );
      return true;
    });
  });
}

/** Which elements a block's decoding passes on. */
export interface BlockFilter {
  /** Tagged elements whose tags make them wanted. */
  wanted(type: 'node' | 'way' | 'relation', tags: Readonly<Record<string, string>>): boolean;
  /** Elements wanted by id whatever their tags (cameras the store holds). */
  keep(type: 'node' | 'way' | 'relation', id: number): boolean;
  /** Keys without which `wanted` is false: tags holding none of them are not turned into text. */
  keys: readonly string[];
}

/** A block's elements that passed, and how many did not. */
export interface DecodedBlock {
  items: OsmItem[];
  left: number;
}

/** The block's string table: offsets now, text when an element needs it. */
class Strings {
  readonly #bytes: Uint8Array;
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  readonly #text: (string | undefined)[] = [];
  readonly #decoder = new TextDecoder();

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Whether string i is one of `texts` (compared as bytes, before any decoding). */
  isOneOf(i: number, texts: readonly Uint8Array[]): boolean {
    const start = this.#starts[i];
    const end = this.#ends[i];
    if (start === undefined || end === undefined) return false;
    outer: for (const t of texts) {
      if (end - start !== t.length) continue;
      for (let j = 0; j < t.length; j++) if (this.#bytes[start + j] !== t[j]) continue outer;
      return true;
    }
    return false;
  }

  add(start: number, end: number): void {
    this.#starts.push(start);
    this.#ends.push(end);
  }

  get(i: number): string {
    let s = this.#text[i];
    if (s === undefined) {
      const start = this.#starts[i];
      if (start === undefined) throw new PbfFormatError(`string ${i} is not in the block's table`);
      s = this.#decoder.decode(this.#bytes.subarray(start, this.#ends[i]));
      this.#text[i] = s;
    }
    return s;
  }
}

interface BlockScale {
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

/**
 * PrimitiveBlock: the elements `filter` passes (all of them without a filter), positioned as
 * `position` (e.g. `block 12`). Throws PbfFormatError on a malformed block.
 */
export function decodePrimitiveBlock(
  bytes: Uint8Array,
  position: string,
  filter?: BlockFilter,
): DecodedBlock {
  return guarded(() => {
    const pbf = reader(bytes);
    const strings = new Strings(bytes);
    const groups: [number, number][] = [];
    const scale: BlockScale = { granularity: 100, latOffset: 0, lonOffset: 0 };
    fields(pbf, bytes.length, (tag, wire) => {
      if (tag === 1) {
        const [s, e] = span(pbf, wire, bytes.length);
        pbf.pos = s;
        fields(pbf, e, (t, w) => {
          if (t !== 1) return false;
          const [a, b] = span(pbf, w, e);
          strings.add(a, b);
          return true;
        });
        return true;
      }
      if (tag === 2) {
        groups.push(span(pbf, wire, bytes.length));
        return true;
      }
      if (wire !== VARINT) return false;
      if (tag === 17) scale.granularity = pbf.readVarint();
      else if (tag === 19) scale.latOffset = pbf.readVarint(true);
      else if (tag === 20) scale.lonOffset = pbf.readVarint(true);
      else return false;
      return true;
    });
    const out: DecodedBlock = { items: [], left: 0 };
    for (const [s, e] of groups) {
      pbf.pos = s;
      fields(pbf, e, (tag, wire) => {
        if (tag < 1 || tag > 4) return false;
        const element = span(pbf, wire, e);
        if (tag === 1) plainNode(pbf, element, strings, scale, position, out, filter);
        else if (tag === 2) denseNodes(pbf, element, strings, scale, position, out, filter);
        else if (tag === 3) way(pbf, element, strings, position, out, filter);
        else relation(pbf, element, strings, position, out, filter);
        // The decoders read inside the element, in any order: go on after it.
        pbf.pos = element[1];
        return true;
      });
    }
    return out;
  });
}

/** Degrees from the block's units: nanodegrees as offset + granularity × value. */
function degrees(value: number, offset: number, granularity: number): number {
  return (offset + granularity * value) / 1e9;
}

/** Tags from parallel key and value string indexes. */
function tagsOf(
  keys: readonly number[],
  vals: readonly number[],
  strings: Strings,
): Record<string, string> {
  if (keys.length !== vals.length) throw new PbfFormatError('tag keys and values differ in number');
  const tags: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) tags[strings.get(keys[i] ?? 0)] = strings.get(vals[i] ?? 0);
  return tags;
}

function packed(
  pbf: PbfReader,
  [s, e]: [number, number],
  signed: boolean,
  delta: boolean,
): number[] {
  const out: number[] = [];
  pbf.pos = s;
  let last = 0;
  while (pbf.pos < e) {
    const v = signed ? pbf.readSVarint() : pbf.readVarint();
    last = delta ? last + v : v;
    out.push(last);
  }
  if (pbf.pos !== e) throw new PbfFormatError('a packed field ends inside a number');
  return out;
}

/**
 * The element's tags when the filter passes it (all tags, `noTags` when it has none), else
 * undefined. Tags holding none of the filter's keys are judged without decoding a string.
 */
function passed(
  type: 'node' | 'way' | 'relation',
  id: number,
  keys: readonly number[],
  vals: readonly number[],
  strings: Strings,
  filter: BlockFilter | undefined,
): Record<string, string> | undefined {
  if (filter === undefined) return keys.length > 0 ? tagsOf(keys, vals, strings) : noTags;
  if (filter.keep(type, id)) return keys.length > 0 ? tagsOf(keys, vals, strings) : noTags;
  if (keys.length === 0) return undefined;
  const decisive = encodedKeys(filter);
  if (!keys.some((k) => strings.isOneOf(k, decisive))) return undefined;
  const tags = tagsOf(keys, vals, strings);
  return filter.wanted(type, tags) ? tags : undefined;
}

const encoded = new WeakMap<BlockFilter, Uint8Array[]>();
function encodedKeys(filter: BlockFilter): Uint8Array[] {
  let keys = encoded.get(filter);
  if (keys === undefined) {
    keys = filter.keys.map((k) => new TextEncoder().encode(k));
    encoded.set(filter, keys);
  }
  return keys;
}

const noTags: Record<string, string> = Object.freeze({});

/** Node: id, keys, vals, info (version), lat, lon. */
function plainNode(
  pbf: PbfReader,
  [s, e]: [number, number],
  strings: Strings,
  scale: BlockScale,
  position: string,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): void {
  let id = 0;
  let lat = 0;
  let lon = 0;
  let keys: number[] = [];
  let vals: number[] = [];
  let version: number | undefined;
  pbf.pos = s;
  fields(pbf, e, (tag, wire) => {
    if (tag === 1 && wire === VARINT) id = pbf.readSVarint();
    else if (tag === 8 && wire === VARINT) lat = pbf.readSVarint();
    else if (tag === 9 && wire === VARINT) lon = pbf.readSVarint();
    else if (tag === 2) keys = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 3) vals = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 4) version = infoVersion(pbf, span(pbf, wire, e));
    else return false;
    return true;
  });
  const tags = passed('node', id, keys, vals, strings, filter);
  if (tags === undefined) {
    out.left++;
    return;
  }
  out.items.push({
    type: 'node',
    id,
    lat: degrees(lat, scale.latOffset, scale.granularity),
    lon: degrees(lon, scale.lonOffset, scale.granularity),
    tags,
    ...(version === undefined ? {} : { version }),
    position,
  });
}

/** Info: the version only (field 1); the rest is metadata about the mapper, left unread. */
function infoVersion(pbf: PbfReader, [s, e]: [number, number]): number | undefined {
  let version: number | undefined;
  pbf.pos = s;
  fields(pbf, e, (tag, wire) => {
    if (tag !== 1 || wire !== VARINT) return false;
    version = pbf.readVarint(true);
    return true;
  });
  return version;
}

/**
 * DenseNodes: ids, latitudes and longitudes delta-coded in three packed arrays, all tags in one
 * (`key val key val … 0` per node), versions in DenseInfo. Read side by side, one node at a time;
 * a node's tags become text only when the filter may want it.
 */
function denseNodes(
  pbf: PbfReader,
  [s, e]: [number, number],
  strings: Strings,
  scale: BlockScale,
  position: string,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): void {
  let ids: [number, number] = [s, s];
  let lats: [number, number] = [s, s];
  let lons: [number, number] = [s, s];
  let kvs: [number, number] | undefined;
  let versions: [number, number] | undefined;
  pbf.pos = s;
  fields(pbf, e, (tag, wire) => {
    if (tag === 1) ids = span(pbf, wire, e);
    else if (tag === 8) lats = span(pbf, wire, e);
    else if (tag === 9) lons = span(pbf, wire, e);
    else if (tag === 10) kvs = span(pbf, wire, e);
    else if (tag === 5) {
      const [a, b] = span(pbf, wire, e);
      pbf.pos = a;
      fields(pbf, b, (t, w) => {
        if (t !== 1) return false;
        versions = span(pbf, w, b);
        return true;
      });
    } else return false;
    return true;
  });
  // Cursors into each packed array, and the running sums of the delta-coded ones.
  const c = {
    id: ids[0],
    lat: lats[0],
    lon: lons[0],
    kv: kvs?.[0] ?? 0,
    version: versions?.[0] ?? 0,
  };
  let id = 0;
  let lat = 0;
  let lon = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  while (c.id < ids[1]) {
    pbf.pos = c.id;
    id += pbf.readSVarint();
    c.id = pbf.pos;
    if (c.lat >= lats[1] || c.lon >= lons[1])
      throw new PbfFormatError('dense nodes with fewer positions than ids');
    pbf.pos = c.lat;
    lat += pbf.readSVarint();
    c.lat = pbf.pos;
    pbf.pos = c.lon;
    lon += pbf.readSVarint();
    c.lon = pbf.pos;
    let version: number | undefined;
    if (versions !== undefined && c.version < versions[1]) {
      pbf.pos = c.version;
      version = pbf.readVarint(true);
      c.version = pbf.pos;
    }
    keys.length = 0;
    vals.length = 0;
    if (kvs !== undefined) {
      pbf.pos = c.kv;
      for (;;) {
        if (pbf.pos >= kvs[1]) throw new PbfFormatError('dense node tags end without their 0');
        const k = pbf.readVarint();
        if (k === 0) break;
        if (pbf.pos >= kvs[1]) throw new PbfFormatError('a dense node tag key without a value');
        keys.push(k);
        vals.push(pbf.readVarint());
      }
      c.kv = pbf.pos;
    }
    const tags = passed('node', id, keys, vals, strings, filter);
    if (tags === undefined) {
      out.left++;
      continue;
    }
    out.items.push({
      type: 'node',
      id,
      lat: degrees(lat, scale.latOffset, scale.granularity),
      lon: degrees(lon, scale.lonOffset, scale.granularity),
      tags,
      ...(version === undefined ? {} : { version }),
      position,
    });
  }
  if (c.id !== ids[1] || c.lat !== lats[1] || c.lon !== lons[1])
    throw new PbfFormatError('dense nodes whose ids and positions differ in number');
}

/** Way: id, keys, vals, info (version), refs (delta-coded). */
function way(
  pbf: PbfReader,
  [s, e]: [number, number],
  strings: Strings,
  position: string,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): void {
  let id = 0;
  let keys: number[] = [];
  let vals: number[] = [];
  let refs: [number, number] | undefined;
  let version: number | undefined;
  pbf.pos = s;
  fields(pbf, e, (tag, wire) => {
    if (tag === 1 && wire === VARINT) id = pbf.readVarint(true);
    else if (tag === 2) keys = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 3) vals = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 4) version = infoVersion(pbf, span(pbf, wire, e));
    else if (tag === 8) refs = span(pbf, wire, e);
    else return false;
    return true;
  });
  const tags = passed('way', id, keys, vals, strings, filter);
  if (tags === undefined) {
    out.left++;
    return;
  }
  out.items.push({
    type: 'way',
    id,
    refs: refs === undefined ? [] : packed(pbf, refs, true, true),
    tags,
    ...(version === undefined ? {} : { version }),
    position,
  });
}

/** Relation: id, keys, vals, info (version); members are not needed (no centre in a PBF). */
function relation(
  pbf: PbfReader,
  [s, e]: [number, number],
  strings: Strings,
  position: string,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): void {
  let id = 0;
  let keys: number[] = [];
  let vals: number[] = [];
  let version: number | undefined;
  pbf.pos = s;
  fields(pbf, e, (tag, wire) => {
    if (tag === 1 && wire === VARINT) id = pbf.readVarint(true);
    else if (tag === 2) keys = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 3) vals = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 4) version = infoVersion(pbf, span(pbf, wire, e));
    else return false;
    return true;
  });
  const tags = passed('relation', id, keys, vals, strings, filter);
  if (tags === undefined) {
    out.left++;
    return;
  }
  out.items.push({
    type: 'relation',
    id,
    tags,
    ...(version === undefined ? {} : { version }),
    position,
  });
}
