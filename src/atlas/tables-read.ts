// Atlas CSV tables read back into records (pure): cells typed by the columns of `tables.ts`, each
// bad cell or rejected record a problem naming file, row and column.
import { parseCsv, restoreCell } from '../shared/csv.js';
import { addRecords, type AtlasProblem } from './parse.js';
import { emptyAtlas, type Atlas, type AtlasCollection } from './schema.js';
import { TABLE_NAMES, TABLES, type TableName } from './tables.js';

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
