// The OSM PBF file's framing messages (https://wiki.openstreetmap.org/wiki/PBF_Format,
// fileformat.proto): BlobHeader, Blob and the HeaderBlock's required features.
import { fields, guarded, PbfFormatError, reader, span, VARINT } from './pbf-wire.js';

/** The largest blob header and blob the format allows (64 KiB and 32 MiB). */
export const maxBlobHeaderBytes = 64 * 1024;
export const maxBlobBytes = 32 * 1024 * 1024;

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
