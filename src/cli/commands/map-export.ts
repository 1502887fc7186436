// `sousveil map export`: the street map's cameras as GeoJSON or CSV.
import { createWriteStream, existsSync } from 'node:fs';
import {
  cameraCsvRow,
  cameraFeature,
  cameraOfRecord,
  csvHeader,
  geojsonFrame,
} from '../../fieldmap/index.js';
import { UserError } from '../../shared/errors.js';
import {
  beforeFirstRowid,
  type BoundingBox,
  type CameraFilter,
  type Store,
} from '../../store/index.js';
import { dbOption, defineCommand, jsonOption } from '../command.js';
import { filterOptions, queryOf, withStore } from './map-shared.js';

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
  let after = beforeFirstRowid;
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
