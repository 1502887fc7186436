// .osm.pbf through osm-pbf-parser-node (a maintained streaming reader over mapbox's pbf): blocks
// are decoded as the file streams by, never the whole file at once. Element metadata (user,
// uid, changeset, version) is not decoded at all (`withInfo: false`).
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { OSMTransform } from 'osm-pbf-parser-node';
import { ParseError } from '../shared/errors.js';
import type { OsmItem } from './osm-element.js';

interface PbfEntity {
  type?: 'node' | 'way' | 'relation';
  id?: number;
  lat?: number;
  lon?: number;
  refs?: number[];
  tags?: Record<string, string>;
  position?: string;
}

/** Shared by every untagged element: the import only reads tags. */
const noTags: Record<string, string> = Object.freeze({});

/**
 * The library's transform throws from inside `_transform` on a malformed block, which would escape
 * the stream as an uncaught exception; here every such throw becomes the stream's error.
 */
class GuardedPbfTransform extends OSMTransform {
  override _transform(
    chunk: Buffer,
    encoding: BufferEncoding,
    next: (e?: Error | null) => void,
  ): void {
    try {
      super._transform(chunk, encoding, next);
    } catch (e) {
      next(e as Error);
    }
  }

  override _flush(done: (e?: Error | null) => void): void {
    try {
      super._flush(done);
    } catch (e) {
      done(e as Error);
    }
  }
}

/** Options the PBF reader shares with the text readers. */
export interface PbfReadOptions {
  maxBytes: number;
  onProgress?: (readBytes: number, totalBytes: number) => void;
}

/** Streams a PBF file's nodes, ways and relations in the readers' shape, one block per batch. */
export async function* readPbf(
  path: string,
  size: number,
  options: PbfReadOptions,
): AsyncGenerator<readonly OsmItem[]> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let block = 0;
  file.on('data', (c: string | Buffer) => {
    bytes += c.length;
    if (bytes > options.maxBytes)
      file.destroy(
        new ParseError(
          path,
          `larger than the limit of ${options.maxBytes} bytes`,
          `byte ${options.maxBytes}`,
        ),
      );
  });
  const parser = new GuardedPbfTransform({ withTags: true, withInfo: false });
  const stream = pipeline(file, parser, () => undefined);
  try {
    for await (const chunk of stream) {
      block++;
      // The library's objects are reused as they are (no copy per node: a country has millions);
      // only the header block, which has no type, is left out.
      const batch = chunk as PbfEntity[];
      const position = `block ${block}`;
      const out: OsmItem[] = [];
      for (const e of batch) {
        if (e.type === undefined || e.id === undefined) continue;
        e.tags ??= noTags;
        e.position = position;
        if (e.type === 'way') e.refs ??= [];
        out.push(e as OsmItem);
      }
      options.onProgress?.(bytes, size);
      if (out.length > 0) yield out;
    }
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError(
      path,
      `not a readable .osm.pbf: ${(e as Error).message}`,
      `block ${block + 1}, near byte ${bytes}`,
      { cause: e },
    );
  } finally {
    file.destroy();
  }
}
