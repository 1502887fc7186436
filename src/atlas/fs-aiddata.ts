// Reading AidData GCDF 3.0 files for `atlas import --format aiddata`: project CSVs (either column
// flavour) streamed in chunks under a byte limit that counts what is read, so the full dataset
// (hundreds of MB) never sits in memory, and per-project GeoJSON files. Only rows the filter
// selects are kept.
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { CsvReader } from '../shared/csv.js';
import { UserError } from '../shared/errors.js';
import { readBoundedChunks, readBoundedText } from '../shared/fs-bounded.js';
import {
  AidDataTable,
  aidDataToAtlas,
  readAidDataGeoJson,
  selectRow,
  type AidDataContext,
  type AidDataRow,
  type AidDataSite,
} from './aiddata.js';
import type { AtlasProblem } from './parse.js';

/** Largest AidData CSV read: the whole GCDF 3.0 project table is well under it. */
export const maxAidDataCsvBytes = 2 * 1024 * 1024 * 1024;
/** Largest GeoJSON file read: the biggest per-project file is a few MB. */
export const maxAidDataGeoJsonBytes = 64 * 1024 * 1024;

/** Reads AidData CSV and GeoJSON files into atlas records for the selected rows. */
export async function readAidDataImport(
  files: readonly string[],
  ctx: AidDataContext,
): Promise<ReturnType<typeof aidDataToAtlas>> {
  const problems: AtlasProblem[] = [];
  const geo: Array<AidDataRow & { sites: AidDataSite[] }> = [];
  const csvFiles: string[] = [];
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    if (ext === '.csv') csvFiles.push(file);
    else if (ext === '.geojson' || ext === '.json') {
      const text = readBoundedText(file, maxAidDataGeoJsonBytes, 'is it a per-project GeoJSON?');
      const r = readAidDataGeoJson(file, text);
      for (const g of r.rows) geo.push(g);
      for (const p of r.problems) problems.push(p);
    } else
      throw new UserError(
        `${file}: --format aiddata reads .csv (GCDF 3.0 project table) and .geojson (one project's places) files`,
      );
  }
  const geoIds = new Set(geo.map((g) => g.values.id ?? ''));
  const rows: AidDataRow[] = [];
  for (const file of csvFiles) {
    const table = new AidDataTable(file);
    const reader = new CsvReader(',', 16 * 1024 * 1024);
    const decoder = new StringDecoder('utf8');
    const keep = (batch: AidDataRow[]): void => {
      for (const r of batch)
        if (geoIds.has(r.values.id ?? '') || selectRow(r, ctx.vendors) !== undefined) rows.push(r);
    };
    for await (const chunk of readBoundedChunks(file, maxAidDataCsvBytes))
      keep(table.push(reader.push(decoder.write(Buffer.from(chunk)))));
    const end = reader.end();
    keep(table.push([...reader.push(decoder.end()), ...end.records]));
    for (const p of end.problems)
      problems.push({ file, record: `row ${p.row}`, message: p.reason });
    for (const p of table.problems) problems.push(p);
  }
  const r = aidDataToAtlas(rows, geo, ctx);
  return { ...r, problems: [...problems, ...r.problems] };
}
