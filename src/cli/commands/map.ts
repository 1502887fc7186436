import { createWriteStream, existsSync } from 'node:fs';
import { countryLocator } from '../../fieldmap/fs-countries.js';
import { openOsmFile } from '../../fieldmap/fs-osm.js';
import {
  cameraCsvRow,
  cameraFeature,
  cameraOfRecord,
  cameraSink,
  csvHeader,
  geojsonFrame,
  importElements,
  MakerResolver,
  osmAttribution,
  parseBbox,
  parseFilter,
  type ImportReport,
} from '../../fieldmap/index.js';
import { UserError } from '../../shared/errors.js';
import type {
  BoundingBox,
  CameraCluster,
  CameraFilter,
  CameraStats,
  Store,
} from '../../store/index.js';
import {
  dbOption,
  defineCommand,
  jsonOption,
  writeJson,
  type CliIo,
  type Flags,
  type OptionSpecs,
} from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForReading, openStoreForWriting } from '../store-context.js';

const filterOptions = {
  bbox: { type: 'string', value: 'W,S,E,N', description: 'only cameras inside this box (degrees)' },
  maker: {
    type: 'string',
    value: 'NAME',
    description: "only this maker's cameras (any spelling the kb knows; a brand names its maker)",
  },
  covered: {
    type: 'string',
    value: 'BOOL',
    choices: ['true', 'false'],
    description: 'only cameras whose maker is (not) covered',
  },
  type: {
    type: 'string',
    value: 'TYPE',
    description: 'camera, ALPR, guard, gunshot_detector, other, unknown',
  },
  'operator-type': {
    type: 'string',
    value: 'T',
    description: 'public, private, community',
  },
  'as-of': {
    type: 'string',
    value: 'DATE',
    description: 'covered status on this day (YYYY-MM-DD; default today)',
  },
} as const satisfies OptionSpecs;

const str = (v: Flags[string]): string | undefined => (typeof v === 'string' ? v : undefined);

async function withStore<T>(
  flags: { db?: string | undefined },
  fn: (store: Store) => Promise<T>,
  open: (db: string | undefined) => Promise<Store> = openStoreForReading,
): Promise<T> {
  const store = await open(flags.db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function makersOf(flags: Flags, io: CliIo): Promise<MakerResolver> {
  return new MakerResolver(await kbOrThrow(), str(flags['as-of']) ?? io.today());
}

async function queryOf(
  flags: Flags,
  io: CliIo,
): Promise<{ box: BoundingBox | undefined; filter: CameraFilter }> {
  const bbox = str(flags.bbox);
  const makers = await makersOf(flags, io);
  return {
    box: bbox === undefined ? undefined : parseBbox(bbox),
    filter: parseFilter(
      {
        maker: str(flags.maker),
        covered: str(flags.covered),
        type: str(flags.type),
        operatorType: str(flags['operator-type']),
      },
      (n) => makers.makerOf(n),
    ),
  };
}

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
    const countries = countryLocator();
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

const world: BoundingBox = { west: -180, south: -90, east: 180, north: 90 };

export const mapStats = defineCommand({
  path: ['map', 'stats'],
  summary:
    'street cameras and their covered share by maker, country or city (--by); type and operator; by square area with --cell',
  description: `Counts the cameras in the store, filtered as the flags say: cameras and the share made by covered
makers, by maker (default), by country or by city/area (--by). A camera's country and city are
set at import (see \`map import --help\`). Data © OpenStreetMap contributors, ODbL.`,
  options: {
    ...jsonOption,
    ...filterOptions,
    ...dbOption,
    by: {
      type: 'string',
      value: 'GROUP',
      choices: ['maker', 'country', 'city'],
      default: 'maker',
      description: 'count by maker, country or city (city: the 100 largest)',
    },
    cell: {
      type: 'string',
      value: 'DEG',
      description: 'also count by square areas of DEG degrees (0.1 is about a city), largest first',
    },
  },
  run: async ({ flags, io }) => {
    const { box, filter } = await queryOf(flags, io);
    const cell = str(flags.cell) === undefined ? undefined : Number(flags.cell);
    if (cell !== undefined && !(cell > 0 && cell <= 90))
      throw new UserError('--cell must be a number of degrees above 0 and at most 90');
    return withStore(flags, async (store) => {
      const stats = await store.cameras.stats(box, filter);
      const rows = groupRows(stats, flags.by);
      const areas =
        cell === undefined
          ? undefined
          : (await store.cameras.clusters(box ?? world, cell, filter)).sort(
              (a, b) => b.count - a.count,
            );
      if (flags.json) {
        writeJson(io, {
          ...stats,
          by: flags.by,
          groups: rows,
          ...(areas === undefined ? {} : { areas }),
          attribution: osmAttribution,
        });
        return 0;
      }
      io.stdout.write(formatStats(stats, flags.by, rows, areas));
      return 0;
    });
  },
});

/** One group of `map stats --by`: its name, cameras, covered cameras and their share. */
interface GroupRow {
  name: string;
  country?: string;
  cameras: number;
  covered: number;
  coveredShare: number;
}

function groupRows(stats: CameraStats, by: string): GroupRow[] {
  const share = (covered: number, n: number): number =>
    n === 0 ? 0 : Math.round((covered / n) * 1000) / 1000;
  if (by === 'maker')
    return stats.byMaker.map((m) => ({
      name: m.maker,
      cameras: m.count,
      covered: m.covered,
      coveredShare: share(m.covered, m.count),
    }));
  return (by === 'country' ? stats.byCountry : stats.byCity).map((g) => ({
    name: g.key,
    ...(g.country === undefined ? {} : { country: g.country }),
    cameras: g.count,
    covered: g.covered,
    coveredShare: share(g.covered, g.count),
  }));
}

/** The stats as a text report. */
function formatStats(
  stats: CameraStats,
  by: string,
  rows: readonly GroupRow[],
  areas: CameraCluster[] | undefined,
): string {
  const share = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((n / of) * 100)}%`);
  const lines = [
    `${stats.total} camera(s), ${stats.covered} covered (${share(stats.covered, stats.total)})`,
    '',
    `${by.toUpperCase().padEnd(31)} CAMERAS  COVERED`,
  ];
  for (const r of rows)
    lines.push(
      `${(r.country === undefined ? r.name : `${r.name}, ${r.country}`).slice(0, 31).padEnd(31)} ${String(r.cameras).padStart(7)}  ${share(r.covered, r.cameras).padStart(7)}`,
    );
  lines.push(
    '',
    `types: ${Object.entries(stats.byType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  lines.push(
    `operators: ${Object.entries(stats.byOperatorType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (areas !== undefined) {
    lines.push('', 'AREA (centre)           CAMERAS  COVERED');
    for (const a of areas.slice(0, 50))
      lines.push(
        `${`${a.lat.toFixed(3)},${a.lon.toFixed(3)}`.padEnd(22)} ${String(a.count).padStart(8)}  ${share(a.covered, a.count).padStart(7)}`,
      );
  }
  lines.push('', `Data ${osmAttribution}`);
  return `${lines.join('\n')}\n`;
}

export const mapExport = defineCommand({
  path: ['map', 'export'],
  summary: 'export street cameras as GeoJSON or CSV, with OpenStreetMap attribution',
  description: `Streams the cameras (filtered as the flags say) to stdout or --output. Every export carries
"© OpenStreetMap contributors, ODbL". An existing --output file is replaced only with --force.`,
  options: {
    ...jsonOption,
    ...filterOptions,
    ...dbOption,
    format: {
      type: 'string',
      value: 'FORMAT',
      choices: ['geojson', 'csv'],
      default: 'geojson',
      description: 'geojson or csv',
    },
    output: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
    force: { type: 'boolean', description: 'replace an existing --output file' },
  },
  run: async ({ flags, io }) => {
    const format = flags.json ? 'geojson' : flags.format;
    const output = flags.output;
    if (output !== undefined && !flags.force && existsSync(output))
      throw new UserError(`--output ${output}: already exists`, {
        hint: 'add --force to replace it, or name another file',
      });
    const { box, filter } = await queryOf(flags, io);
    const out = output === undefined ? io.stdout : createWriteStream(output);
    const written = await withStore(flags, (store) => writeExport(store, format, box, filter, out));
    if (output !== undefined) {
      await new Promise<void>((resolve, reject) =>
        (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) =>
          e ? reject(e) : resolve(),
        ),
      );
      io.stderr.write(`${written} camera(s) written to ${output}\n`);
    }
    return 0;
  },
});

async function writeExport(
  store: Store,
  format: 'geojson' | 'csv',
  box: BoundingBox | undefined,
  filter: CameraFilter,
  out: NodeJS.WritableStream,
): Promise<number> {
  const frame = geojsonFrame();
  // Waits when the consumer is slower than the store, so memory holds a page, not the export.
  const put = async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
  };
  await put(format === 'csv' ? csvHeader() : frame.head);
  let after = 0;
  let n = 0;
  for (;;) {
    const page = await store.cameras.scan(filter, box, after, 5000);
    if (page.length === 0) break;
    for (const { camera } of page) {
      const c = cameraOfRecord(camera);
      await put(
        format === 'csv'
          ? cameraCsvRow(c)
          : `${n > 0 ? ',\n' : ''}${JSON.stringify(cameraFeature(c))}`,
      );
      n++;
    }
    after = page[page.length - 1]?.rowid ?? after;
  }
  if (format === 'geojson') await put(frame.tail);
  return n;
}
