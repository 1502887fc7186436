// `sousveil reports export`: accepted citizen reports as GeoJSON, CSV or osmChange. Nothing about
// the reporter, and not the free note; the osmChange is for a moderator to review and upload with
// their own account (sousveil never uploads).
import { parseBbox } from '../../fieldmap/index.js';
import { reportsExport } from '../../reports/index.js';
import { defineCommand, dbOption, jsonOption, writeJson } from '../command.js';
import { writeOutputFile } from '../fs-io.js';
import { kbOrThrow } from '../kb-context.js';
import { version } from '../main.js';
import { openStoreForReading } from '../store-context.js';

export const reportsExportCommand = defineCommand({
  path: ['reports', 'export'],
  summary: 'export accepted citizen reports as GeoJSON, CSV or osmChange',
  description: `geojson    an RFC 7946 FeatureCollection, one point per accepted report
csv        the same fields, one row per report (RFC 4180)
osmchange  an OsmChange 0.6 file creating one node per report (man_made=surveillance…),
           negative ids, for a moderator to open in an editor, review and upload with their
           own account; sousveil never uploads
Positions are on the ~5 m grid reports are stored on, dates are days. The reporter's note is
never exported. To stdout, or to --out (an existing file is replaced only with --force).`,
  options: {
    ...jsonOption,
    ...dbOption,
    format: {
      type: 'string',
      value: 'NAME',
      choices: ['geojson', 'csv', 'osmchange'],
      default: 'geojson',
      description: 'what to write',
    },
    bbox: {
      type: 'string',
      value: 'W,S,E,N',
      description: 'only reports inside this box (degrees)',
    },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
    force: { type: 'boolean', description: 'replace an existing --out file' },
  },
  run: async ({ flags, io }) => {
    const box = flags.bbox === undefined ? undefined : parseBbox(flags.bbox);
    const kb = await kbOrThrow();
    const store = await openStoreForReading(flags.db);
    try {
      const file = await reportsExport(store, kb, flags.format, {
        ...(box === undefined ? {} : { box }),
        asOf: io.today(),
        generator: `sousveil ${version()}`,
      });
      if (flags.out === undefined) io.stdout.write(file.bytes);
      else writeOutputFile(flags.out, file.bytes, flags.force);
      if (flags.json && flags.out !== undefined)
        writeJson(io, { file: flags.out, format: flags.format, reports: file.count });
      else
        io.stderr.write(
          `${file.count} accepted report(s)${flags.out === undefined ? '' : ` written to ${flags.out}`}\n`,
        );
      return 0;
    } finally {
      await store.close();
    }
  },
});
