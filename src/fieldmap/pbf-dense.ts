// DenseNodes (most of any extract) read straight over the block's bytes: manual varint loops and
// running sums, no reader object moved between the packed arrays and no object per node. An
// untagged node costs its three deltas and one byte of keys_vals; only nodes the filter passes
// become elements. Values are read as mapbox's `pbf` reads them (same numbers for every varint).
import type { OsmItem } from './osm-element.js';
import type { Strings } from './pbf-strings.js';
import { PbfFormatError } from './pbf-wire.js';

/** A packed varint field [pos, end) of a block, read forward; never reads past `end`. */
export class PackedCursor {
  constructor(
    private readonly buf: Uint8Array,
    public pos: number,
    public readonly end: number,
  ) {}

  /** An unsigned varint (int32/int64 as `signed`: as pbf's readVarint). */
  uint(signed = false): number {
    const buf = this.buf;
    const end = this.end;
    let pos = this.pos;
    if (pos >= end) throw new PbfFormatError('a packed field ends inside a number');
    let b = buf[pos++] as number;
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let low = b & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      if (pos >= end) throw new PbfFormatError('a packed field ends inside a number');
      b = buf[pos++] as number;
      low |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return low;
      }
    }
    return this.#rest(low, pos, signed);
  }

  /** A zigzag-coded sint64 (as pbf's readSVarint). */
  sint(): number {
    const n = this.uint();
    return n % 2 === 1 ? (n + 1) / -2 : n / 2;
  }

  /** Bytes 5 to 10 of a long varint: the high 32 bits, combined as pbf's toNum does. */
  #rest(lowIn: number, at: number, signed: boolean): number {
    const buf = this.buf;
    let pos = at;
    const next = (): number => {
      if (pos >= this.end) throw new PbfFormatError('a packed field ends inside a number');
      return buf[pos++] as number;
    };
    let b = next();
    const low = lowIn | ((b & 0x0f) << 28);
    let high = (b & 0x70) >> 4;
    for (const shift of [3, 10, 17, 24, 31]) {
      if (b < 0x80) break;
      b = next();
      high |= (shift === 31 ? b & 0x01 : b & 0x7f) << shift;
      if (shift === 31 && b >= 0x80) throw new PbfFormatError('a varint over 10 bytes');
    }
    this.pos = pos;
    return signed ? high * 0x100000000 + (low >>> 0) : (high >>> 0) * 0x100000000 + (low >>> 0);
  }
}

/** Which nodes pass (the block decoder's filter, as the dense loop needs it). */
export interface DenseFilter {
  keep(type: 'node', id: number): boolean;
  wanted(type: 'node', tags: Readonly<Record<string, string>>): boolean;
}

/** Where a DenseNodes message keeps its packed arrays ([start, end) in the block). */
export interface DenseSpans {
  ids: [number, number];
  lats: [number, number];
  lons: [number, number];
  kvs?: [number, number] | undefined;
  versions?: [number, number] | undefined;
}

/** Nanodegrees as offset + granularity × value, and where the elements say they are from. */
export interface DenseContext {
  strings: Strings;
  granularity: number;
  latOffset: number;
  lonOffset: number;
  position: string;
}

const noTags: Record<string, string> = Object.freeze({});

/**
 * The dense nodes the filter passes (all without one), pushed to `items`; returns how many it
 * left out. Throws PbfFormatError when the arrays disagree or a number runs past its field.
 */
export function readDenseNodes(
  buf: Uint8Array,
  spans: DenseSpans,
  ctx: DenseContext,
  items: OsmItem[],
  filter: DenseFilter | undefined,
): number {
  const ids = new PackedCursor(buf, spans.ids[0], spans.ids[1]);
  const lats = new PackedCursor(buf, spans.lats[0], spans.lats[1]);
  const lons = new PackedCursor(buf, spans.lons[0], spans.lons[1]);
  const kvs = spans.kvs === undefined ? undefined : new PackedCursor(buf, ...spans.kvs);
  const versions =
    spans.versions === undefined ? undefined : new PackedCursor(buf, ...spans.versions);
  const strings = ctx.strings;
  let left = 0;
  let id = 0;
  let lat = 0;
  let lon = 0;
  while (ids.pos < ids.end) {
    id += ids.sint();
    if (lats.pos >= lats.end || lons.pos >= lons.end)
      throw new PbfFormatError('dense nodes with fewer positions than ids');
    lat += lats.sint();
    lon += lons.sint();
    const version =
      versions !== undefined && versions.pos < versions.end ? versions.uint(true) : undefined;
    const kvStart = kvs?.pos ?? 0;
    let pairs = 0;
    let decisive = false;
    if (kvs !== undefined)
      for (;;) {
        if (kvs.pos >= kvs.end) throw new PbfFormatError('dense node tags end without their 0');
        const k = kvs.uint();
        if (k === 0) break;
        if (kvs.pos >= kvs.end) throw new PbfFormatError('a dense node tag key without a value');
        kvs.uint();
        pairs++;
        if (!decisive && filter !== undefined && strings.isDecisive(k)) decisive = true;
      }
    let tags: Record<string, string> | undefined;
    if (filter === undefined || filter.keep('node', id))
      tags = pairs === 0 ? noTags : tagsAt(buf, kvStart, pairs, strings);
    else if (decisive) {
      tags = tagsAt(buf, kvStart, pairs, strings);
      if (!filter.wanted('node', tags)) tags = undefined;
    }
    if (tags === undefined) {
      left++;
      continue;
    }
    items.push({
      type: 'node',
      id,
      lat: (ctx.latOffset + ctx.granularity * lat) / 1e9,
      lon: (ctx.lonOffset + ctx.granularity * lon) / 1e9,
      tags,
      ...(version === undefined ? {} : { version }),
      position: ctx.position,
    });
  }
  if (lats.pos !== lats.end || lons.pos !== lons.end)
    throw new PbfFormatError('dense nodes whose ids and positions differ in number');
  return left;
}

/** A node's tags from its `pairs` key/value string indexes in keys_vals at `at`. */
function tagsAt(
  buf: Uint8Array,
  at: number,
  pairs: number,
  strings: Strings,
): Record<string, string> {
  const c = new PackedCursor(buf, at, buf.length);
  const tags: Record<string, string> = {};
  for (let i = 0; i < pairs; i++) {
    const k = strings.get(c.uint());
    tags[k] = strings.get(c.uint());
  }
  return tags;
}
