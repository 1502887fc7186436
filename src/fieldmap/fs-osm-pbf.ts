// .osm.pbf files, read block by block (never the whole file): the framing (a 4-byte length, a
// BlobHeader, a Blob), zlib through node:zlib with the raw size as the cap, and each block decoded
// by pbf-block.ts. Element metadata (user, uid, changeset, timestamp) is never decoded.
import { open } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { ParseError } from '../shared/errors.js';
import type { CameraColumns } from './camera-columns.js';
import { readPbfInWorkers } from './fs-osm-pbf-workers.js';
import { isSurveillance } from './normalize.js';
import type { OsmBatch, ReadHint, OsmItem } from './osm-element.js';
import { decodePrimitiveBlock, type BlockFilter } from './pbf-block.js';
import {
  checkHeaderBlock,
  maxBlobBytes,
  maxBlobHeaderBytes,
  parseBlob,
  parseBlobHeader,
} from './pbf-file.js';
import { PbfFormatError } from './pbf-wire.js';

/** Options the PBF reader shares with the text readers. */
export interface PbfReadOptions {
  maxBytes: number;
  onProgress?: (readBytes: number, totalBytes: number) => void;
  /**
   * Decode only data blocks `index`, `index + count`, … (counted from 0), and yield a batch for
   * each of them, empty or not, so batches from `count` readers can be taken back in block order.
   */
  shard?: { index: number; count: number };
}

/** Whether untagged elements can be left out of a batch in a worker (built code only). */
function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

/**
 * Streams a PBF file's elements in the readers' shape, one block per batch. With a hint, the
 * blocks are decoded in a worker thread (the second core) and only tagged elements and those in
 * `keep` cross to this thread: a country's untagged nodes are most of its file.
 */
export function readPbf(
  path: string,
  size: number,
  options: PbfReadOptions,
  hint?: ReadHint,
): AsyncIterable<OsmBatch> {
  if (hint === undefined) return readPbfHere(path, size, options);
  if (workersAvailable()) return readPbfInWorkers(path, size, options, hint);
  return readPbfHere(
    path,
    size,
    options,
    importFilter((type, id) => hint.keep.hasElement(type, id)),
  );
}

/**
 * What an import can use: cameras (`man_made=surveillance`), places (to name a camera's city or
 * area), and elements it holds as cameras (so a newer extract can untag them).
 */
export function importFilter(
  keep: (type: 'node' | 'way' | 'relation', id: number) => boolean,
): BlockFilter {
  return {
    keys: ['man_made', 'place'],
    wanted: (type, tags) => isSurveillance(tags) || (type === 'node' && tags.place !== undefined),
    keep,
  };
}

/** What the worker posts: a batch, the end, or the error that ended it. */
export type PbfWorkerMessage =
  | {
      kind: 'batch';
      items: OsmItem[];
      /** Camera nodes the worker made (and took out of `items`), packed. */
      cameras?: CameraColumns;
      untagged: number;
      read: number;
      total: number;
    }
  | { kind: 'done' }
  | {
      kind: 'error';
      parse?: { source: string; reason: string; position?: string };
      message: string;
    };

/** Reads exactly `n` bytes at `at`, or fewer at the end of the file. */
async function readAt(
  file: Awaited<ReturnType<typeof open>>,
  at: number,
  n: number,
): Promise<Uint8Array> {
  const buf = Buffer.allocUnsafe(n);
  let got = 0;
  while (got < n) {
    const { bytesRead } = await file.read(buf, got, n - got, at + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/**
 * Reads in this thread, block by block; with a filter, elements it does not pass are counted in
 * the batch's `untagged`, not kept.
 */
export async function* readPbfHere(
  path: string,
  size: number,
  options: PbfReadOptions,
  filter?: BlockFilter,
): AsyncGenerator<OsmBatch> {
  const file = await open(path, 'r');
  let at = 0;
  let block = 0;
  let dataBlock = 0;
  const shard = options.shard;
  const fail = (reason: string, cause?: unknown): ParseError =>
    new ParseError(
      path,
      `not a readable .osm.pbf: ${reason}`,
      `block ${block}, near byte ${at}`,
      cause === undefined ? undefined : { cause },
    );
  try {
    for (;;) {
      block++;
      const length = await readAt(file, at, 4);
      if (length.length === 0) return;
      if (length.length < 4) throw fail('the file ends inside a block length (cut short?)');
      const headerBytes = new DataView(length.buffer, length.byteOffset, 4).getUint32(0);
      if (headerBytes > maxBlobHeaderBytes)
        throw fail(
          `a block header of ${headerBytes} bytes (the format allows ${maxBlobHeaderBytes})`,
        );
      const header = await readAt(file, at + 4, headerBytes);
      if (header.length < headerBytes)
        throw fail('the file ends inside a block header (cut short?)');
      const { type, dataSize } = parseBlobHeader(header);
      const end = at + 4 + headerBytes + dataSize;
      if (end > options.maxBytes)
        throw new ParseError(
          path,
          `larger than the limit of ${options.maxBytes} bytes`,
          `byte ${options.maxBytes}`,
        );
      if (type === 'OSMData' && shard !== undefined && dataBlock++ % shard.count !== shard.index) {
        // Another reader's block: its bytes are not even read here.
        at = end;
        continue;
      }
      const blobBytes = await readAt(file, at + 4 + headerBytes, dataSize);
      if (blobBytes.length < dataSize) throw fail('the file ends inside a block (cut short?)');
      const data = blobData(parseBlob(blobBytes), fail);
      const position = `block ${block}`;
      if (type === 'OSMHeader') checkHeaderBlock(data);
      else if (type === 'OSMData') {
        const { items, left } = decodePrimitiveBlock(data, position, filter);
        if (items.length + left > 0 || shard !== undefined) {
          at = end;
          options.onProgress?.(at, size);
          yield Object.assign(items, { untagged: left });
          continue;
        }
      }
      // Other block types are skipped, as the format asks of readers that do not know them.
      at = end;
      options.onProgress?.(at, size);
    }
  } catch (e) {
    if (e instanceof ParseError) throw e;
    if (e instanceof PbfFormatError) throw fail(e.message);
    throw fail((e as Error).message, e);
  } finally {
    await file.close();
  }
}

/** A blob's block: as stored, or inflated to exactly its raw size. */
function blobData(
  blob: ReturnType<typeof parseBlob>,
  fail: (reason: string, cause?: unknown) => ParseError,
): Uint8Array {
  if (blob.kind === 'raw') return blob.data;
  if (blob.kind === 'unsupported')
    throw fail(
      `a block compressed with ${blob.compression}, which sousveil does not read (\`osmium cat -f pbf,pbf_compression=zlib\` converts it)`,
    );
  let data: Buffer;
  try {
    data = inflateSync(blob.data, { maxOutputLength: Math.max(1, blob.rawSize) });
  } catch (e) {
    throw fail(`a block that does not inflate (${(e as Error).message})`, e);
  }
  if (data.length !== blob.rawSize)
    throw fail(`a block of ${data.length} bytes where its header says ${blob.rawSize}`);
  if (data.length > maxBlobBytes) throw fail('a block over 32 MiB');
  return data;
}
