// Reading `atlas import` files from disk: JSON documents, CSV tables, or a datapackage.json naming
// its CSV tables. Each file is read under a byte limit that counts what is read; claims.csv
// brings the claim_sources.csv beside it, since a claim's sources live there.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../shared/errors.js';
import { readBoundedText } from '../shared/fs-bounded.js';
import { appendAtlas, parseAtlasJson, type AtlasProblem } from './parse.js';
import { emptyAtlas, type Atlas } from './schema.js';
import { atlasFromCsv } from './tables-read.js';

/** Largest import file read (bytes): far above any real atlas, far below memory trouble. */
export const maxImportBytes = 64 * 1024 * 1024;

const readImportFile = (file: string): string =>
  readBoundedText(file, maxImportBytes, 'split it into several files');

/** Reads import files (JSON, CSV tables, or a datapackage.json naming CSV tables). */
export function readImport(
  files: readonly string[],
  origins: Map<string, string>,
): { atlas: Atlas; problems: AtlasProblem[] } {
  const atlas = emptyAtlas();
  const problems: AtlasProblem[] = [];
  const csv: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    const text = readImportFile(file);
    if (/\.csv$/i.test(file)) csv.push({ file, text });
    else if (basename(file) === 'datapackage.json')
      for (const p of packagePaths(file, text)) csv.push({ file: p, text: readImportFile(p) });
    else {
      const r = parseAtlasJson(text, file, origins);
      appendAtlas(atlas, r.atlas);
      for (const p of r.problems) problems.push(p);
    }
  }
  const sources = claimSourcesBeside(csv.map((c) => c.file));
  if (sources !== undefined) csv.push({ file: sources, text: readImportFile(sources) });
  if (csv.length > 0) {
    const r = atlasFromCsv(csv, origins);
    appendAtlas(atlas, r.atlas);
    for (const p of r.problems) problems.push(p);
  }
  return { atlas, problems };
}

/** The CSV files a datapackage.json names, each beside it. */
function packagePaths(file: string, text: string): string[] {
  let pkg: { resources?: Array<{ path?: unknown }> };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch (e) {
    throw new UserError(`${file}: not JSON: ${(e as Error).message}`, { cause: e });
  }
  return (pkg.resources ?? []).map((r) => {
    if (typeof r.path !== 'string' || r.path.includes('..') || r.path.startsWith('/'))
      throw new UserError(
        `${file}: resource path ${JSON.stringify(r.path)} is not a file beside it`,
      );
    return join(dirname(file), r.path);
  });
}

/** claim_sources.csv beside a claims.csv given without it, if there is one. */
function claimSourcesBeside(files: readonly string[]): string | undefined {
  const claims = files.find((f) => basename(f).toLowerCase() === 'claims.csv');
  if (claims === undefined || files.some((f) => basename(f).toLowerCase() === 'claim_sources.csv'))
    return undefined;
  const beside = join(dirname(claims), 'claim_sources.csv');
  return existsSync(beside) ? beside : undefined;
}
