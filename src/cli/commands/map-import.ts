// `sousveil map import`: OpenStreetMap files into the street map.
import { countryLocator } from '../../fieldmap/fs-countries.js';
import { openOsmFile } from '../../fieldmap/fs-osm.js';
import {
  cameraSink,
  importElements,
  osmAttribution,
  type CountryFinder,
  type ImportReport,
} from '../../fieldmap/index.js';
import { UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, writeJson, type CliIo } from '../command.js';
import { openStoreForWriting } from '../store-context.js';
import { filterOptions, makersOf, withStore } from './map-shared.js';

function summary(r: ImportReport): string {
  return `${r.file}: ${r.cameras} camera(s) from ${r.elements} element(s): ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged; ${r.removed} removed; ${r.skipped.length + r.skippedMore} skipped`;
}

/** A one-line progress display on terminals: bytes read, share of the file, cameras found. */
function progress(io: CliIo, file: string): (read: number, total: number, cameras: number) => void {
  let last = 0;
  return (read, total, cameras) => {
    if (!io.isTty || (read - last < 4 << 20 && read < total)) return;
    last = read;
    const pct = total > 0 ? Math.floor((read / total) * 100) : 0;
    io.stderr.write(
      `\r${file}: ${pct}% (${(read / 2 ** 20).toFixed(0)} of ${(total / 2 ** 20).toFixed(0)} MiB), ${cameras} camera(s)\u001b[K`,
    );
  };
}

export const mapImport = defineCommand({
  path: ['map', 'import'],
  summary:
    'import OpenStreetMap surveillance cameras: .osm.pbf, .osm, .osc, Overpass JSON, GeoJSON',
  args: '<file…>',
  description: `Reads .osm.pbf (streamed block by block), OSM XML (.osm, .osm.gz), change files (.osc, .osc.gz: a deleted or untagged camera leaves
the map), Overpass API JSON and GeoJSON exports; ways and areas become their centroid. Each camera's
maker is resolved through the knowledge base. Importing again is idempotent; a newer extract or
change file updates in place. OSM user names, ids and changesets are never stored.

Each camera gets its country (point in polygon against Natural Earth 1:10m country shapes; a
camera within about 3 km off a coast gets that coast's country) and its city or area: its own
addr:city tag, else the nearest place=city, town or village node of the imported files within
15, 5 or 2 km (nearest relative to that radius). Places are kept, so a later change file's
cameras are placed too.
Data © OpenStreetMap contributors, ODbL.`,
  options: { ...jsonOption, ...dbOption, 'as-of': filterOptions['as-of'] },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0)
      throw new UserError('map import: name at least one file', {
        hint: 'e.g. `sousveil map import city.osm.pbf`',
      });
    const makers = await makersOf(flags, io);
    // Built on first use: a PBF's worker threads place its nodes themselves, so the shapes
    // (half a second, tens of MB) are needed here only for ways and the text formats.
    const countries: CountryFinder = {
      countryAt: (lat, lon) => countryLocator().countryAt(lat, lon),
    };
    return withStore(
      flags,
      async (store) => {
        const reports: ImportReport[] = [];
        for (const file of positionals) {
          let cameras = 0;
          const show = progress(io, file);
          const source = await openOsmFile(file, {
            onProgress: (read, total) => show(read, total, cameras),
          });
          let partial: ImportReport | undefined;
          try {
            const r = await importElements(
              source,
              cameraSink(store.cameras),
              makers,
              (p) => {
                cameras = p.cameras;
                partial = p;
              },
              { countries },
            );
            if (io.isTty) io.stderr.write('\r\u001b[K');
            reports.push(r);
            for (const s of r.skipped.slice(0, 20))
              io.stderr.write(`${file}: ${s.position}: skipped: ${s.reason}\n`);
            const more = r.skipped.length - 20 + r.skippedMore;
            if (more > 0) io.stderr.write(`${file}: ${more} more skipped\n`);
            if (!flags.json) io.stdout.write(`${summary(r)}\n`);
          } catch (e) {
            if (partial !== undefined && partial.cameras > 0)
              io.stderr.write(
                `${file}: kept what was read before the error: ${summary(partial)}\n`,
              );
            throw e;
          }
        }
        if (flags.json) writeJson(io, { files: reports, attribution: osmAttribution });
        else io.stdout.write(`Data ${osmAttribution}\n`);
        return 0;
      },
      openStoreForWriting,
    );
  },
});
