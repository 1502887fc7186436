import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { atlasToGeoJson } from '../../atlas/geojson.js';
import { atlasToCsv, dataPackage, TABLE_NAMES } from '../../atlas/tables.js';
import { UserError } from '../../shared/errors.js';
import { withAtlas } from '../atlas-context.js';
import { dbOption, defineCommand, jsonOption, writeJson, type CliIo } from '../command.js';
import { onFile, writeOutputFile } from '../fs-io.js';
import { kbOrThrow } from '../kb-context.js';

export const atlasExport = defineCommand({
  path: ['atlas', 'export'],
  summary: 'export the atlas as JSON, CSV tables with a datapackage.json, or GeoJSON',
  description: `json     every record, one list per collection (what \`atlas import\` reads back)
geojson  an RFC 7946 FeatureCollection of places with their projects
csv      one CSV per table plus a Frictionless datapackage.json, into the folder --out
         (required for csv)
json and geojson go to stdout, or to the file --out. An existing file is replaced only with
--force.`,
  options: {
    ...jsonOption,
    ...dbOption,
    format: {
      type: 'string',
      value: 'NAME',
      choices: ['json', 'csv', 'geojson'],
      default: 'json',
      description: 'what to write',
    },
    out: { type: 'string', value: 'PATH', description: 'the file (json, geojson) or folder (csv)' },
    force: { type: 'boolean', description: 'replace files --out already holds' },
  },
  run: async ({ flags, io }) => {
    const { format, out, force } = flags;
    if (format === 'csv' && out === undefined)
      throw new UserError('--format csv: writes several files, so it needs a folder', {
        hint: 'add --out DIR',
      });
    if (out !== undefined && !force) refuseExisting(out, format === 'csv');
    const kb = await kbOrThrow();
    return withAtlas(flags.db, async (atlas) => {
      if (format === 'csv' && out !== undefined) {
        const files = writeCsv(io, out, atlasToCsv(atlas));
        if (flags.json) writeJson(io, { dir: out, files });
        else io.stderr.write(`wrote ${files.length} files to ${out}\n`);
        return 0;
      }
      const doc =
        format === 'geojson'
          ? atlasToGeoJson(atlas, kb)
          : { format: 'sousveil-atlas/1', exported: io.today(), ...atlas };
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (out === undefined) io.stdout.write(text);
      else {
        writeOutputFile(out, text, force);
        io.stderr.write(`wrote ${out}\n`);
      }
      return 0;
    });
  },
});

const csvFiles = [...TABLE_NAMES.map((n) => `${n}.csv`), 'datapackage.json'];

/** Refuses, before any work, an export that would replace a file (or files of a CSV folder). */
function refuseExisting(out: string, folder: boolean): void {
  if (!folder) {
    if (!existsSync(out)) return;
    if (statSync(out).isDirectory())
      throw new UserError(`--out ${out}: is a directory`, { hint: 'give --out a file name' });
    throw new UserError(`--out ${out}: already exists`, {
      hint: 'pass --force to replace it, or choose another --out',
    });
  }
  const present = csvFiles.filter((f) => existsSync(join(out, f)));
  if (present.length > 0)
    throw new UserError(`--out ${out}: already holds ${present.join(', ')}`, {
      hint: 'pass --force to replace them, or choose another folder',
    });
}

function writeCsv(io: CliIo, dir: string, tables: Record<string, string>): string[] {
  onFile(dir, () => mkdirSync(dir, { recursive: true }));
  for (const name of TABLE_NAMES)
    writeOutputFile(join(dir, `${name}.csv`), tables[name] ?? '', true);
  const pkg = dataPackage({ created: `${io.today()}T00:00:00Z`, version: io.today() });
  writeOutputFile(join(dir, 'datapackage.json'), `${JSON.stringify(pkg, null, 2)}\n`, true);
  return csvFiles;
}
