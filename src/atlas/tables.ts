// The atlas as flat tables (pure): one CSV per collection plus claim_sources, described by a
// Frictionless Data Package, and read back into records with each bad cell located by row and
// column (`tables-read.ts`). Lists are joined with `|`.
import { csvCell } from '../shared/csv.js';
import type { Atlas, AtlasCollection } from './schema.js';

export type ColumnType = 'string' | 'number' | 'boolean' | 'list';

export interface Column {
  name: string;
  type: ColumnType;
  required?: boolean;
  description?: string;
}

const id: Column = { name: 'id', type: 'string', required: true };
const sources: Column = {
  name: 'sources',
  type: 'list',
  required: true,
  description: 'source ids, |-separated',
};

/** Columns of each table, in order. `claims.value` is text with its type in `value_type`. */
export const TABLES: Record<AtlasCollection | 'claim_sources', Column[]> = {
  sources: [
    id,
    { name: 'url', type: 'string' },
    { name: 'publisher', type: 'string', required: true },
    { name: 'title', type: 'string', required: true },
    {
      name: 'date',
      type: 'string',
      required: true,
      description: 'YYYY, YYYY-MM, YYYY-MM-DD or n.d.',
    },
    { name: 'kind', type: 'string', required: true },
    { name: 'note', type: 'string' },
    { name: 'archived', type: 'string' },
    { name: 'licence', type: 'string' },
    {
      name: 'readAt',
      type: 'string',
      description: 'where a copy was read; url is the canonical page',
    },
  ],
  countries: [
    id,
    { name: 'iso3', type: 'string', required: true },
    { name: 'numeric', type: 'string', required: true },
    { name: 'name', type: 'string', required: true },
    { name: 'region', type: 'string', required: true },
    sources,
  ],
  places: [
    id,
    { name: 'name', type: 'string', required: true },
    { name: 'country', type: 'string', required: true },
    { name: 'kind', type: 'string', required: true },
    { name: 'lat', type: 'number', required: true },
    { name: 'lon', type: 'number', required: true },
    sources,
  ],
  organisations: [
    id,
    { name: 'name', type: 'string', required: true },
    { name: 'aliases', type: 'list' },
    { name: 'kind', type: 'string', required: true },
    { name: 'country', type: 'string', required: true },
    { name: 'summary', type: 'string' },
    sources,
  ],
  projects: [
    id,
    { name: 'name', type: 'string', required: true },
    { name: 'aliases', type: 'list' },
    { name: 'kind', type: 'string', required: true },
    { name: 'country', type: 'string', required: true },
    { name: 'places', type: 'list' },
    { name: 'vendors', type: 'list' },
    { name: 'financiers', type: 'list' },
    { name: 'capabilities', type: 'list' },
    { name: 'bri', type: 'boolean' },
    { name: 'started', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'summary', type: 'string', required: true },
    { name: 'review', type: 'string', description: 'candidate: imported, not yet reviewed' },
    sources,
  ],
  agreements: [
    id,
    { name: 'name', type: 'string', required: true },
    { name: 'kind', type: 'string', required: true },
    { name: 'parties', type: 'list', required: true },
    { name: 'project', type: 'string' },
    { name: 'date', type: 'string' },
    { name: 'summary', type: 'string' },
    sources,
  ],
  trainings: [
    id,
    { name: 'name', type: 'string', required: true },
    { name: 'provider', type: 'string', required: true },
    { name: 'participants', type: 'list', required: true },
    { name: 'date', type: 'string' },
    { name: 'summary', type: 'string', required: true },
    sources,
  ],
  claims: [
    id,
    { name: 'subject', type: 'string', required: true },
    { name: 'property', type: 'string', required: true },
    { name: 'value', type: 'string', required: true },
    {
      name: 'value_type',
      type: 'string',
      required: true,
      description: 'number, string or boolean',
    },
    { name: 'valueMax', type: 'number' },
    { name: 'precision', type: 'string' },
    { name: 'unit', type: 'string' },
    { name: 'object', type: 'string' },
    { name: 'scope', type: 'string', description: 'ISO 3166-1 alpha-2 area the figure covers' },
    { name: 'asOf', type: 'string' },
    { name: 'confidence', type: 'string', required: true },
    { name: 'status', type: 'string' },
    { name: 'note', type: 'string' },
  ],
  claim_sources: [
    { name: 'claim', type: 'string', required: true },
    { name: 'source', type: 'string', required: true },
    { name: 'quote', type: 'string' },
    { name: 'page', type: 'string' },
  ],
};

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Lists are split on `|`, and spaces at either end would be lost to a trim: quote those too. */
const alsoQuote = /\||^\s|\s$/;
const cell = (v: string): string => csvCell(v, alsoQuote);

function toCell(v: unknown, type: ColumnType): string {
  if (v === undefined || v === null) return '';
  if (type === 'list') return (v as Array<string | number>).map(String).join('|');
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Every table as CSV text (LF line ends, header first). */
export function atlasToCsv(atlas: Atlas): Record<TableName, string> {
  const out = {} as Record<TableName, string>;
  for (const name of TABLE_NAMES) {
    const cols = TABLES[name];
    const rows: string[][] = [];
    if (name === 'claim_sources') {
      for (const c of atlas.claims)
        for (const s of c.sources) rows.push([c.id, s.source, s.quote ?? '', s.page ?? '']);
    } else {
      for (const r of atlas[name] as Array<Record<string, unknown>>) {
        rows.push(
          cols.map((col) =>
            col.name === 'value_type' ? typeof r.value : toCell(r[col.name], col.type),
          ),
        );
      }
    }
    out[name] =
      [cols.map((c) => c.name), ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
  }
  return out;
}

/** A Frictionless Data Package (v1) describing the CSV tables, with keys between them. */
export function dataPackage(meta: { created: string; version: string }): unknown {
  const fk = (fields: string, resource: string): unknown => ({
    fields,
    reference: { resource, fields: 'id' },
  });
  const keys: Partial<Record<TableName, unknown[]>> = {
    places: [fk('country', 'countries')],
    projects: [fk('country', 'countries')],
    organisations: [fk('country', 'countries')],
    claim_sources: [fk('claim', 'claims')],
  };
  return {
    profile: 'tabular-data-package',
    name: 'sousveil-atlas',
    title: 'sousveil atlas of surveillance-technology exports',
    description:
      'Projects, vendors, financing, training and restrictions, where every figure is a claim with its sources. Lists inside a cell are separated by |.',
    version: meta.version,
    created: meta.created,
    licenses: [
      {
        name: 'ODC-By-1.0',
        path: 'https://opendatacommons.org/licenses/by/1-0/',
        title: 'Open Data Commons Attribution License 1.0',
      },
    ],
    resources: TABLE_NAMES.map((name) => ({
      profile: 'tabular-data-resource',
      name,
      path: `${name}.csv`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', doubleQuote: true, header: true },
      schema: {
        fields: TABLES[name].map((c) => ({
          name: c.name,
          type: c.type === 'list' ? 'string' : c.type,
          ...(c.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
          ...(c.description !== undefined ? { description: c.description } : {}),
          ...(c.required === true ? { constraints: { required: true } } : {}),
        })),
        ...(name === 'claim_sources' ? {} : { primaryKey: 'id' }),
        ...(keys[name] !== undefined ? { foreignKeys: keys[name] } : {}),
      },
    })),
  };
}
