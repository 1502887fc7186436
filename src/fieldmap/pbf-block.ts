// The OSM PBF format's messages (https://wiki.openstreetmap.org/wiki/PBF_Format, fileformat.proto
// and osmformat.proto), read with mapbox's `pbf` protocol-buffer reader. Only what the import uses
// is decoded: ids, positions, tags, way node references and versions. Element metadata (user,
// uid, changeset, timestamp) is skipped unread, so no mapper's name is ever in memory. Untagged
// elements, the bulk of any extract, are stepped over unless the caller keeps their id; of a
// block's strings only those an element needs are turned into text.
import type { PbfReader } from 'pbf';
import { fields, guarded, packed, PbfFormatError, reader, span, VARINT } from './pbf-wire.js';
import type { OsmItem } from './osm-element.js';
import { readDenseNodes, type DenseSpans } from './pbf-dense.js';
import { Strings } from './pbf-strings.js';

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
    const strings = new Strings(bytes, filter?.keys);
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
  if (!keys.some((k) => strings.isDecisive(k))) return undefined;
  const tags = tagsOf(keys, vals, strings);
  return filter.wanted(type, tags) ? tags : undefined;
}

const noTags: Record<string, string> = Object.freeze({});

/** What Node, Way and Relation share: id (1), keys (2), vals (3), info (4). */
interface ElementHead {
  id: number;
  keys: number[];
  vals: number[];
  version?: number;
}

/**
 * Reads an element's fields: the shared ones into the head, the others offered to `other` (true
 * when it read the field). `signedId`: a Node's id is sint64, a Way's and Relation's int64.
 */
function elementHead(
  pbf: PbfReader,
  [s, e]: [number, number],
  signedId: boolean,
  other: (tag: number, wire: number, end: number) => boolean,
): ElementHead {
  const head: ElementHead = { id: 0, keys: [], vals: [] };
  pbf.pos = s;
  fields(pbf, e, (tag, wire) => {
    if (tag === 1 && wire === VARINT) head.id = signedId ? pbf.readSVarint() : pbf.readVarint(true);
    else if (tag === 2) head.keys = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 3) head.vals = packed(pbf, span(pbf, wire, e), false, false);
    else if (tag === 4) {
      const version = infoVersion(pbf, span(pbf, wire, e));
      if (version !== undefined) head.version = version;
    } else return other(tag, wire, e);
    return true;
  });
  return head;
}

/** The element's tags if the filter passes it, else counts it as left out. */
function passedHead(
  type: 'node' | 'way' | 'relation',
  head: ElementHead,
  strings: Strings,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): Record<string, string> | undefined {
  const tags = passed(type, head.id, head.keys, head.vals, strings, filter);
  if (tags === undefined) out.left++;
  return tags;
}

/** Node: the shared fields, lat (8), lon (9). */
function plainNode(
  pbf: PbfReader,
  element: [number, number],
  strings: Strings,
  scale: BlockScale,
  position: string,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): void {
  let lat = 0;
  let lon = 0;
  const head = elementHead(pbf, element, true, (tag, wire) => {
    if (wire !== VARINT || (tag !== 8 && tag !== 9)) return false;
    if (tag === 8) lat = pbf.readSVarint();
    else lon = pbf.readSVarint();
    return true;
  });
  const tags = passedHead('node', head, strings, out, filter);
  if (tags === undefined) return;
  out.items.push({
    type: 'node',
    id: head.id,
    lat: degrees(lat, scale.latOffset, scale.granularity),
    lon: degrees(lon, scale.lonOffset, scale.granularity),
    tags,
    ...(head.version === undefined ? {} : { version: head.version }),
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
 * (`key val key val … 0` per node), versions in DenseInfo; read side by side by pbf-dense.ts.
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
  const spans: DenseSpans = { ids: [s, s], lats: [s, s], lons: [s, s] };
  pbf.pos = s;
  fields(pbf, e, (tag, wire) => {
    if (tag === 1) spans.ids = span(pbf, wire, e);
    else if (tag === 8) spans.lats = span(pbf, wire, e);
    else if (tag === 9) spans.lons = span(pbf, wire, e);
    else if (tag === 10) spans.kvs = span(pbf, wire, e);
    else if (tag === 5) {
      const [a, b] = span(pbf, wire, e);
      pbf.pos = a;
      fields(pbf, b, (t, w) => {
        if (t !== 1) return false;
        spans.versions = span(pbf, w, b);
        return true;
      });
    } else return false;
    return true;
  });
  out.left += readDenseNodes(pbf.buf, spans, { strings, ...scale, position }, out.items, filter);
}

/** Way: the shared fields, refs (8, delta-coded). */
function way(
  pbf: PbfReader,
  element: [number, number],
  strings: Strings,
  position: string,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): void {
  let refs: [number, number] | undefined;
  const head = elementHead(pbf, element, false, (tag, wire, end) => {
    if (tag !== 8) return false;
    refs = span(pbf, wire, end);
    return true;
  });
  const tags = passedHead('way', head, strings, out, filter);
  if (tags === undefined) return;
  out.items.push({
    type: 'way',
    id: head.id,
    refs: refs === undefined ? [] : packed(pbf, refs, true, true),
    tags,
    ...(head.version === undefined ? {} : { version: head.version }),
    position,
  });
}

/** Relation: the shared fields; members are not needed (a PBF gives no centre). */
function relation(
  pbf: PbfReader,
  element: [number, number],
  strings: Strings,
  position: string,
  out: DecodedBlock,
  filter: BlockFilter | undefined,
): void {
  const head = elementHead(pbf, element, false, () => false);
  const tags = passedHead('relation', head, strings, out, filter);
  if (tags === undefined) return;
  out.items.push({
    type: 'relation',
    id: head.id,
    tags,
    ...(head.version === undefined ? {} : { version: head.version }),
    position,
  });
}
