// The files `atlas import` reads: JSON as `atlas export` writes it, CSV tables, or a
// datapackage.json naming CSV tables beside it. A missing companion table is named up front.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAtlasJson, type AtlasProblem } from '../atlas/parse.js';
import { emptyAtlas, type Atlas } from '../atlas/schema.js';
import { atlasFromCsv, tableOf } from '../atlas/tables.js';
import { UserError } from '../shared/errors.js';
import { readInputFile } from './fs-io.js';

/** Largest import file read (bytes): far above any real atlas, far below memory trouble. */
const maxImportBytes = 64 * 1024 * 1024;

function readText(file: string): string {
  return readInputFile(
    file,
    maxImportBytes,
    `give the files in it (${join(file, '*.csv')}) or its datapackage.json`,
  ).toString('utf8');
}

/** Reads import files (JSON, CSV tables, or a datapackage.json naming CSV tables). */
export function readImport(
  files: readonly string[],
  origins: Map<string, string>,
): { atlas: Atlas; problems: AtlasProblem[] } {
  const atlas = emptyAtlas();
  const problems: AtlasProblem[] = [];
  const csv: Array<{ file: string; text: string }> = [];
  const add = (part: Atlas): void => {
    for (const k of Object.keys(atlas) as Array<keyof Atlas>)
      for (const record of part[k]) (atlas[k] as unknown[]).push(record);
  };
  for (const file of files) {
    const text = readText(file);
    if (/\.csv$/i.test(file)) csv.push({ file, text });
    else if (basename(file) === 'datapackage.json') csv.push(...packageTables(file, text));
    else {
      const r = parseAtlasJson(text, file, origins);
      add(r.atlas);
      for (const p of r.problems) problems.push(p);
    }
  }
  if (csv.length > 0) {
    requireCompanions(csv);
    const r = atlasFromCsv(csv, origins);
    add(r.atlas);
    for (const p of r.problems) problems.push(p);
  }
  return { atlas, problems };
}

function packageTables(file: string, text: string): Array<{ file: string; text: string }> {
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
    const p = join(dirname(file), r.path);
    return { file: p, text: readText(p) };
  });
}

/** Claims keep their citations in claim_sources.csv: importing one without the other loses them all. */
function requireCompanions(csv: ReadonlyArray<{ file: string; text: string }>): void {
  const tables = new Map(
    csv.map((f) => [tableOf(f.file, (f.text.split(/\r?\n/, 1)[0] ?? '').split(',')), f.file]),
  );
  const claims = tables.get('claims');
  if (claims === undefined || tables.has('claim_sources')) return;
  const beside = join(dirname(claims), 'claim_sources.csv');
  throw new UserError(
    `${claims}: every claim needs its citations from claim_sources.csv, which was not given`,
    {
      hint: existsSync(beside)
        ? `add ${beside} to the files (or import the datapackage.json beside them)`
        : 'export the tables together (sousveil atlas export --format csv --out DIR) and import DIR/datapackage.json',
    },
  );
}
