// OSM files on disk -> element batches: picks the reader by name (then by first byte), streams the
// file in bounded chunks (gzip undone on the way), counts the bytes actually read against a limit
// and reports progress. Nothing is ever read whole.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { ParseError, UserError } from '../shared/errors.js';
import type { ElementSource } from './import.js';
import { JsonArrayItems, type JsonItem } from './json-items.js';
import { defaultReaderLimits, type OsmItem, type ReaderLimits } from './osm-element.js';
import { readPbf } from './fs-osm-pbf.js';
import { geojsonFeature, overpassElement } from './osm-json.js';
import { OsmXmlReader } from './osm-xml.js';

export type OsmFileFormat = 'xml' | 'json' | 'pbf';

/** Options of a file source. */
export interface OsmFileOptions {
  /** Most bytes read from one file, after decompression. */
  maxBytes?: number;
  limits?: ReaderLimits;
  /** Called as the file is read: bytes read from disk so far and the file's size. */
  onProgress?: (readBytes: number, totalBytes: number) => void;
}

/** 64 GiB: more than any country extract, less than a runaway gzip bomb. */
export const defaultMaxBytes = 64 * 2 ** 30;

/** The reader a file name asks for, undefined when the name says nothing. */
export function formatOfName(path: string): OsmFileFormat | undefined {
  const name = path.toLowerCase().replace(/\.(gz|gzip)$/, '');
  if (name.endsWith('.pbf')) return 'pbf';
  if (/\.(osm|osc|xml)$/.test(name)) return 'xml';
  if (/\.(json|geojson)$/.test(name)) return 'json';
  return undefined;
}

/** An element source over one file; each read() streams it again from the start. */
export async function openOsmFile(
  path: string,
  options: OsmFileOptions = {},
): Promise<ElementSource> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  const format = formatOfName(path) ?? (await sniff(path));
  return {
    name: path,
    read: (hint) =>
      format === 'pbf'
        ? readPbf(
            path,
            size,
            {
              maxBytes: options.maxBytes ?? defaultMaxBytes,
              ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
            },
            hint,
          )
        : readElements(path, format, size, options),
  };
}

async function sniff(path: string): Promise<OsmFileFormat> {
  for await (const chunk of createReadStream(path, { start: 0, end: 255 })) {
    const bytes = chunk as Buffer;
    // A PBF file starts with the 4-byte length of its first BlobHeader, which names "OSMHeader".
    if (bytes.subarray(0, 64).includes('OSMHeader')) return 'pbf';
    const text = bytes.toString('latin1').trimStart();
    if (text.startsWith('<')) return 'xml';
    if (text.startsWith('{') || text.startsWith('[')) return 'json';
  }
  throw new UserError(
    `${path}: not an OSM file this can read (.osm, .osc, Overpass JSON, GeoJSON)`,
  );
}

async function* readElements(
  path: string,
  format: 'xml' | 'json',
  size: number,
  options: OsmFileOptions,
): AsyncGenerator<readonly OsmItem[]> {
  const limits = options.limits ?? defaultReaderLimits;
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const parser = format === 'xml' ? xmlParser(path, limits) : jsonParser(path, limits);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let diskBytes = 0;
  file.on('data', (c: string | Buffer) => {
    diskBytes += c.length;
  });
  const stream = /\.gz(ip)?$/i.test(path) ? file.pipe(createGunzip()) : file;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      if (bytes > maxBytes)
        throw new ParseError(
          path,
          `larger than the limit of ${maxBytes} bytes`,
          `byte ${maxBytes}`,
        );
      const text = decode(decoder, buf, path, bytes - buf.length);
      const out = parser.push(text);
      options.onProgress?.(diskBytes, size);
      if (out.length > 0) yield out;
    }
    const rest = parser.push(decode(decoder, undefined, path, bytes));
    const last = parser.end();
    if (rest.length + last.length > 0) yield [...rest, ...last];
  } catch (e) {
    if (e instanceof ParseError || e instanceof UserError) throw e;
    throw new ParseError(path, (e as Error).message, `byte ${bytes}`, { cause: e });
  } finally {
    file.destroy();
  }
}

function decode(decoder: TextDecoder, buf: Buffer | undefined, path: string, at: number): string {
  try {
    return buf === undefined ? decoder.decode() : decoder.decode(buf, { stream: true });
  } catch (e) {
    throw new ParseError(path, 'not UTF-8 text', `after byte ${at}`, { cause: e });
  }
}

interface ElementParser {
  push(text: string): OsmItem[];
  end(): OsmItem[];
}

function xmlParser(path: string, limits: ReaderLimits): ElementParser {
  const reader = new OsmXmlReader(path, limits);
  return { push: (t) => reader.push(t), end: () => reader.end() };
}

/** Overpass elements and GeoJSON features; a record that cannot be read is an error naming it. */
function jsonParser(path: string, limits: ReaderLimits): ElementParser {
  const items = new JsonArrayItems(path, ['elements', 'features'], limits.maxElementChars);
  const toElement = (item: JsonItem): OsmItem => {
    const isFeature =
      item.key === 'features' ||
      (item.key === '' && (item.value as { type?: unknown } | null)?.type === 'Feature');
    const r = isFeature ? geojsonFeature(item) : overpassElement(item);
    if (r.ok) return r.value;
    // One bad record loses nothing else: the import skips it with this reason.
    return { type: 'problem', position: `${item.key}[${item.index}]`, reason: r.issues.join('; ') };
  };
  return {
    push: (t) => items.push(t).map(toElement),
    end: () => {
      items.end();
      return [];
    },
  };
}
