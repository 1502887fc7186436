// A local PMTiles file as the street map's basemap: opened once when `serve --basemap` starts, its
// header checked (PMTiles version 3, a tile type the map can draw) and its metadata read for the
// vector layers' names and the attribution. The file's path is fixed here, never taken from a request.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ParseError, UserError } from '../shared/errors.js';
import { parsePmtilesHeader, PMTILES_HEADER_BYTES, type PmtilesHeader } from './pmtiles.js';

/** Metadata larger than this is not read (vector layer names and attribution are small). */
const MAX_METADATA_BYTES = 4 * 1024 * 1024;
const MAX_LAYERS = 64;

export interface Basemap {
  path: string;
  sizeBytes: number;
  /** Changes when the file does: size and modification time. */
  etag: string;
  header: PmtilesHeader;
  tileType: 'mvt' | 'png' | 'jpeg' | 'webp';
  /** MVT only: the layers the metadata names (`vector_layers`), each with its geometry if said. */
  vectorLayers: { id: string; geometry?: string }[];
  attribution: string | undefined;
}

/** Opens and checks `path`; every refusal is one line naming the file. */
export function openBasemap(path: string): Basemap {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new UserError(`--basemap ${path}: cannot open it: ${why ?? (e as Error).message}`, {
      cause: e,
    });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UserError(`--basemap ${path}: not a regular file`);
    const head = readAt(fd, 0, Math.min(PMTILES_HEADER_BYTES, stat.size));
    const source = `--basemap ${path}`;
    const header = parsePmtilesHeader(head, source);
    const tileType = header.tileType;
    if (tileType !== 'mvt' && tileType !== 'png' && tileType !== 'jpeg' && tileType !== 'webp')
      throw new ParseError(
        source,
        `tile type "${tileType}" is not one the map draws (MVT, PNG, JPEG or WebP)`,
      );
    const end = header.metadataOffset + header.metadataLength;
    if (end > stat.size || header.rootOffset + header.rootLength > stat.size)
      throw new ParseError(
        source,
        `the header points past the end of the file (${stat.size} bytes)`,
      );
    const meta = readMetadata(fd, header, source);
    return {
      path,
      sizeBytes: stat.size,
      etag: `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`,
      header,
      tileType,
      vectorLayers: tileType === 'mvt' ? layersOf(meta) : [],
      attribution:
        typeof meta.attribution === 'string' ? meta.attribution.slice(0, 500) : undefined,
    };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

function readMetadata(fd: number, header: PmtilesHeader, path: string): Record<string, unknown> {
  if (header.metadataLength === 0) return {};
  if (header.metadataLength > MAX_METADATA_BYTES) return {};
  let bytes = readAt(fd, header.metadataOffset, header.metadataLength);
  try {
    if (header.internalCompression === 'gzip')
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_METADATA_BYTES });
    else if (header.internalCompression !== 'none') return {};
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch (e) {
    throw new ParseError(
      path,
      `the metadata is not readable JSON (${(e as Error).message})`,
      undefined,
      { cause: e },
    );
  }
}

function layersOf(meta: Record<string, unknown>): Basemap['vectorLayers'] {
  const raw = meta.vector_layers;
  if (!Array.isArray(raw)) return [];
  const layers: Basemap['vectorLayers'] = [];
  for (const l of raw.slice(0, MAX_LAYERS)) {
    const id = (l as { id?: unknown }).id;
    const geometry = (l as { geometry_type?: unknown }).geometry_type;
    if (typeof id !== 'string' || id.length > 100) continue;
    layers.push(typeof geometry === 'string' ? { id, geometry } : { id });
  }
  return layers;
}
