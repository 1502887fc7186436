// The protocol-buffer wire format as the OSM PBF readers need it (https://protobuf.dev/programming-guides/encoding/),
// over mapbox's \`pbf\` reader: fields walked with their bounds checked, so a malformed message
// ends in PbfFormatError, never in a read past its end.
import { PbfReader } from 'pbf';

/** A message the file's framing or a block breaks; the caller adds file and block. */
export class PbfFormatError extends Error {}

/** Wire types of the protocol-buffer encoding. */
export const VARINT = 0;
export const BYTES = 2;

/** Reads `bytes` field by field; `field` is called with the field number and wire type. */
export function fields(
  pbf: PbfReader,
  end: number,
  field: (tag: number, type: number) => boolean,
): void {
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
export function span(pbf: PbfReader, type: number, limit: number): [number, number] {
  if (type !== BYTES) throw new PbfFormatError('a length-delimited field has another wire type');
  const length = pbf.readVarint();
  const start = pbf.pos;
  if (length < 0 || start + length > limit)
    throw new PbfFormatError('a field runs past its message');
  pbf.pos = start + length;
  return [start, start + length];
}

export function reader(bytes: Uint8Array): PbfReader {
  return new PbfReader(bytes);
}

/** Runs a decoder; anything the library throws on a malformed message becomes PbfFormatError. */
export function guarded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof PbfFormatError) throw e;
    throw new PbfFormatError(`malformed message (${(e as Error).message})`);
  }
}

/** A packed repeated number field: signed (zigzag) or not, delta-coded or not. */
export function packed(
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
