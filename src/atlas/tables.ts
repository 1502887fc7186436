// The atlas as flat tables (pure): one CSV per collection plus claim_sources, described by a
// Frictionless Data Package, and read back into records with each bad cell located by row and
// column. Lists are joined with `|`.
import { csvCell, parseCsv, restoreCell } from '../shared/csv.js';
import { addRecords, type AtlasProblem } from './parse.js';
import { emptyAtlas, type Atlas, type AtlasCollection } from './schema.js';

type ColumnType = 'string' | 'number' | 'boolean' | 'list';

interface Column {
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

/** The table a CSV file holds, from its name (`claims.csv`) or else its header. */
export function tableOf(fileName: string, header: readonly string[]): TableName | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '');
  if ((TABLE_NAMES as string[]).includes(base)) return base as TableName;
  const names = new Set(header);
  // Otherwise the table whose columns are exactly the header's.
  return TABLE_NAMES.find(
    (t) => TABLES[t].length === names.size && TABLES[t].every((c) => names.has(c.name)),
  );
}

/**
 * Reads CSV tables back into records. Cells become typed values; a cell that cannot be read, or a
 * record the schema rejects, is a problem naming file, row and column. Claim sources are joined
 * to their claims by id.
 */
export function atlasFromCsv(
  files: ReadonlyArray<{ file: string; text: string }>,
  origins?: Map<string, string>,
): {
  atlas: Atlas;
  problems: AtlasProblem[];
} {
  const atlas = emptyAtlas();
  const problems: AtlasProblem[] = [];
  const claimSources = new Map<string, Array<Record<string, string>>>();
  let sawClaimSources = false;
  const pending: Array<{
    file: string;
    table: AtlasCollection;
    rows: Array<{ row: number; record: Record<string, unknown> }>;
  }> = [];
  for (const f of files) {
    const { records, problems: csvProblems } = parseCsv(f.text, ',');
    for (const p of csvProblems)
      problems.push({ file: f.file, record: `row ${p.row}`, message: p.reason });
    const [head, ...body] = records;
    if (head === undefined) {
      problems.push({ file: f.file, record: 'file', message: 'empty CSV file' });
      continue;
    }
    const header = head.fields.map((h) => h.trim());
    const table = tableOf(f.file, header);
    if (table === undefined) {
      problems.push({
        file: f.file,
        record: 'row 1',
        message: `cannot tell which table this is; name the file after one of ${TABLE_NAMES.join(', ')}`,
      });
      continue;
    }
    const cols = TABLES[table];
    for (const c of cols) {
      if (c.required === true && !header.includes(c.name))
        problems.push({
          file: f.file,
          record: 'row 1',
          field: c.name,
          message: 'required column is missing',
        });
    }
    for (const h of header) {
      if (!cols.some((c) => c.name === h))
        problems.push({
          file: f.file,
          record: 'row 1',
          field: h,
          message: `not a column of ${table}`,
        });
    }
    const rows: Array<{ row: number; record: Record<string, unknown> }> = [];
    for (const r of body) {
      const raw: Record<string, string> = {};
      header.forEach((h, i) => (raw[h] = restoreCell(r.fields[i] ?? '')));
      if (r.fields.length !== header.length) {
        problems.push({
          file: f.file,
          record: `row ${r.row}`,
          message: `has ${r.fields.length} cells, the header has ${header.length}`,
        });
        continue;
      }
      if (table === 'claim_sources') {
        const claim = raw.claim ?? '';
        const cited = { ...raw, row: String(r.row), file: f.file };
        const list = claimSources.get(claim);
        if (list === undefined) claimSources.set(claim, [cited]);
        else list.push(cited);
        continue;
      }
      const record = typed(raw, table, (field, message) =>
        problems.push({ file: f.file, record: `row ${r.row}`, field, message }),
      );
      if (record !== undefined) rows.push({ row: r.row, record });
    }
    if (table !== 'claim_sources') pending.push({ file: f.file, table, rows });
    else sawClaimSources = true;
  }
  for (const p of pending) {
    if (p.table === 'claims' && !sawClaimSources) {
      // Without their sources every claim would fail alike: say once what is missing.
      problems.push({
        file: p.file,
        record: 'file',
        message:
          'the claims have no sources: claim_sources.csv is neither in the import nor beside this file; import both (`atlas export --format csv` writes them together)',
      });
      continue;
    }
    const list = p.rows.map(({ record }) => {
      if (p.table !== 'claims') return record;
      const cited = claimSources.get(String(record.id)) ?? [];
      claimSources.delete(String(record.id));
      return {
        ...record,
        sources: cited.map((s) => ({
          source: s.source,
          ...(s.quote !== '' && s.quote !== undefined ? { quote: s.quote } : {}),
          ...(s.page !== '' && s.page !== undefined ? { page: s.page } : {}),
        })),
      };
    });
    addRecords(
      atlas,
      p.table,
      list,
      p.file,
      problems,
      (i) => `row ${p.rows[i]?.row ?? '?'}`,
      origins,
    );
  }
  for (const [claim, rows] of claimSources) {
    for (const r of rows)
      problems.push({
        file: r.file ?? 'claim_sources.csv',
        record: `row ${r.row ?? '?'}`,
        field: 'claim',
        message: `no claim "${claim}" in the import`,
      });
  }
  return { atlas, problems };
}

function typed(
  raw: Record<string, string>,
  table: AtlasCollection,
  problem: (field: string, message: string) => void,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const col of TABLES[table]) {
    const v = raw[col.name];
    if (v === undefined || v === '') continue;
    if (col.name === 'value_type') continue;
    if (col.type === 'list')
      out[col.name] = v
        .split('|')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (col.type === 'number') {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) {
        problem(col.name, `"${v}" is not a number`);
        ok = false;
      } else out[col.name] = n;
    } else if (col.type === 'boolean') {
      if (v !== 'true' && v !== 'false') {
        problem(col.name, `"${v}" is not true or false`);
        ok = false;
      } else out[col.name] = v === 'true';
    } else out[col.name] = v;
  }
  if (table === 'claims' && raw.value !== undefined) {
    const t = raw.value_type ?? 'string';
    if (t === 'number') {
      const n = Number(raw.value);
      if (raw.value.trim() === '' || !Number.isFinite(n)) {
        problem('value', `"${raw.value}" is not a number`);
        ok = false;
      } else out.value = n;
    } else if (t === 'boolean') out.value = raw.value === 'true';
    else if (t !== 'string') {
      problem('value_type', `"${t}" is not number, string or boolean`);
      ok = false;
    }
  }
  return ok ? out : undefined;
}
