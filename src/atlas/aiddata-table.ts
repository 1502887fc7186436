// AidData GCDF 3.0 tables as rows (pure): the project-level CSV with its full column names, the
// reduced geospatial CSV with R-style dotted names, and the per-project GeoJSON files (whose
// properties use the dotted names too). `aiddata.ts` turns the rows into atlas records.
import type { CsvRecord } from '../shared/csv.js';
import type { AtlasProblem } from './parse.js';

/**
 * The columns read, by their full GCDF 3.0 name. The dotted variant is the same name with spaces
 * as dots ("Recipient.ISO-3"), which `columnKey` folds back. Only the first three are required.
 */
export const COLUMNS = {
  id: 'AidData Record ID',
  title: 'Title',
  iso3: 'Recipient ISO-3',
  recipient: 'Recipient',
  description: 'Description',
  sector: 'Sector Name',
  status: 'Status',
  commitmentYear: 'Commitment Year',
  commitmentDate: 'Commitment Date (MM/DD/YYYY)',
  startYear: 'Implementation Start Year',
  startDate: 'Actual Implementation Start Date (MM/DD/YYYY)',
  funding: 'Funding Agencies',
  implementing: 'Implementing Agencies',
  amountOriginal: 'Amount (Original Currency)',
  currency: 'Original Currency',
  amountEstimated: 'Amount Estimated',
  amountConstant: 'Amount (Constant USD 2021)',
  amountNominal: 'Amount (Nominal USD)',
  sourceUrls: 'Source URLs',
  sourceTitles: 'Source Titles',
  sourcePublishers: 'Source Publishers',
  sourceTypes: 'Source Resource Types',
} as const;
export type Field = keyof typeof COLUMNS;
const REQUIRED: readonly Field[] = ['id', 'title', 'iso3'];

/** A header cell as a full column name: dots of the dotted variant become spaces. */
export function columnKey(header: string): string {
  return header.trim().replace(/\./g, ' ');
}

/** One row of AidData, by field, with where it came from (file, row) for messages. */
export interface AidDataRow {
  file: string;
  /** Spreadsheet row (the header is row 1), or `feature N` for GeoJSON. */
  where: string;
  values: Partial<Record<Field, string>>;
  /** The header name each field was read from, to name the column in a problem. */
  columns: Partial<Record<Field, string>>;
}

/**
 * Reads an AidData CSV record by record (as `CsvReader` yields them): the first record is the
 * header. Rows with the wrong number of fields, or without a record id, are problems.
 */
export class AidDataTable {
  readonly file: string;
  #fields: Array<Field | undefined> | undefined;
  #header: string[] = [];
  #unusable = false;
  readonly problems: AtlasProblem[] = [];

  constructor(file: string) {
    this.file = file;
  }

  /** The rows among `records`; the header is consumed. */
  push(records: readonly CsvRecord[]): AidDataRow[] {
    const out: AidDataRow[] = [];
    for (const r of records) {
      if (this.#fields === undefined) {
        this.#header = r.fields;
        const byName = new Map<string, Field>(
          Object.entries(COLUMNS).map(([k, v]) => [v, k as Field]),
        );
        this.#fields = r.fields.map((h) => byName.get(columnKey(h)));
        for (const f of REQUIRED)
          if (!this.#fields.includes(f)) {
            this.#unusable = true;
            this.problems.push({
              file: this.file,
              record: `row ${r.row}`,
              field: COLUMNS[f],
              message: `column missing from the header (also read as "${COLUMNS[f].replace(/ /g, '.')}"); is this an AidData GCDF 3.0 file?`,
            });
          }
        continue;
      }
      if (this.#unusable) continue;
      if (r.fields.length !== this.#header.length) {
        this.problems.push({
          file: this.file,
          record: `row ${r.row}`,
          message: `has ${r.fields.length} fields, the header ${this.#header.length}`,
        });
        continue;
      }
      const row: AidDataRow = { file: this.file, where: `row ${r.row}`, values: {}, columns: {} };
      r.fields.forEach((v, i) => {
        const f = this.#fields?.[i];
        if (f === undefined) return;
        row.values[f] = v.trim();
        row.columns[f] = this.#header[i] ?? COLUMNS[f];
      });
      out.push(row);
    }
    return out;
  }
}

/** One feature's point and precision, from a per-project GeoJSON file. */
export interface AidDataSite {
  lat: number;
  lon: number;
  precise: boolean;
}

/**
 * A per-project GeoJSON file (a FeatureCollection whose features carry the dotted columns and
 * `id`): the rows it describes and the centre of each feature's bounding box.
 */
export function readAidDataGeoJson(
  file: string,
  text: string,
): { rows: Array<AidDataRow & { sites: AidDataSite[] }>; problems: AtlasProblem[] } {
  const problems: AtlasProblem[] = [];
  const fail = (message: string, record = 'file') => {
    problems.push({ file, record, message });
    return { rows: [], problems };
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON: ${(e as Error).message}`);
  }
  const features = (doc as { type?: unknown; features?: unknown }).features;
  if ((doc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features))
    return fail('expected a GeoJSON FeatureCollection');
  const byId = new Map<string, AidDataRow & { sites: AidDataSite[] }>();
  features.forEach((f: unknown, i) => {
    const where = `feature ${i + 1}`;
    const props = (f as { properties?: unknown }).properties;
    if (typeof props !== 'object' || props === null) {
      problems.push({ file, record: where, field: 'properties', message: 'missing' });
      return;
    }
    const values: AidDataRow['values'] = {};
    const columns: AidDataRow['columns'] = {};
    const byName = new Map<string, Field>(Object.entries(COLUMNS).map(([k, v]) => [v, k as Field]));
    for (const [k, v] of Object.entries(props as Record<string, unknown>)) {
      const field = k === 'id' ? 'id' : byName.get(columnKey(k));
      const text = scalar(v);
      if (field === undefined || text === undefined) continue;
      values[field] = text.trim();
      columns[field] = `properties.${k}`;
    }
    const box = boundingBox((f as { geometry?: { coordinates?: unknown } }).geometry?.coordinates);
    if (box === undefined) {
      problems.push({ file, record: where, field: 'geometry', message: 'no coordinates' });
      return;
    }
    const precision = scalar((props as Record<string, unknown>).osm_precision_list) ?? '';
    const site: AidDataSite = {
      lon: round((box[0] + box[2]) / 2),
      lat: round((box[1] + box[3]) / 2),
      precise: precision.split(',').every((x) => x.trim().toLowerCase() === 'precise'),
    };
    const id = values.id ?? '';
    const prior = byId.get(id);
    if (prior !== undefined) prior.sites.push(site);
    else byId.set(id, { file, where, values, columns, sites: [site] });
  });
  return { rows: [...byId.values()], problems };
}

/** A property value as text; null, objects and lists are not values of a column. */
const scalar = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined;

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** [west, south, east, north] of any GeoJSON coordinates (nested arrays of [lon, lat]). */
function boundingBox(coords: unknown): [number, number, number, number] | undefined {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const stack: unknown[] = [coords];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!Array.isArray(c)) continue;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [lon, lat] = c as [number, number];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    } else for (const x of c) stack.push(x);
  }
  return box[0] === Infinity ? undefined : box;
}
