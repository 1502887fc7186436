// The atlas on disk: the data files shipped in data/atlas, and country shapes' boxes from
// world-atlas (Natural Earth 1:50m, ISC licence) for the coordinate check.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot, readYamlCollections } from '../kb/fs-loader.js';
import type { CountryBoxes } from './check.js';
import { parseAtlasFiles, type AtlasFileText } from './parse.js';
import { ATLAS_COLLECTIONS, type Atlas } from './schema.js';
import { topologyBoxes } from './topo-boxes.js';

/** The atlas data folder shipped with the package. */
export const defaultAtlasDir = join(packageRoot, 'data', 'atlas');

export function readAtlasFiles(dir: string = defaultAtlasDir): AtlasFileText[] {
  return readYamlCollections(dir, ATLAS_COLLECTIONS);
}

/** Parses the data files; `origins` tells which file each record came from. */
export function loadAtlasDir(dir: string = defaultAtlasDir): ReturnType<typeof parseAtlasFiles> & {
  key: string;
  origins: Map<string, string>;
} {
  const files = readAtlasFiles(dir);
  const parsed = parseAtlasFiles(files);
  const origins = new Map<string, string>();
  for (const f of files) {
    for (const m of f.text.matchAll(/^- id: *["']?([^"'\s#]+)/gm))
      origins.set(`${f.collection}/${m[1] ?? ''}`, f.file);
  }
  return { ...parsed, key: atlasKey(files), origins };
}

/** What identifies these data files' contents: the store remembers it once seeded from them. */
export function atlasKey(files: readonly AtlasFileText[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`\0${f.collection}\0${f.text}`);
  return hash.digest('hex');
}

let boxes: CountryBoxes | undefined;

/** Boxes of every Natural Earth country, by ISO 3166-1 numeric code. */
export function countryBoxes(): CountryBoxes {
  if (boxes === undefined) {
    const require = createRequire(import.meta.url);
    boxes = topologyBoxes(
      require('world-atlas/countries-50m.json') as Parameters<typeof topologyBoxes>[0],
    );
  }
  return boxes;
}

export type { Atlas };
