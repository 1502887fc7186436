// List answers as CSV (pure): each row flattened — references by their names, lists joined with
// "; " — so a downloaded table holds what the page and the JSON answer show. Cells that a
// spreadsheet would read as a formula are neutralised (the shared `csvCell`).
import { csvCell as sharedCell } from '../shared/csv.js';

/** One CSV cell: flattened, quoted where needed, a leading =, +, -, @, tab or CR made inert. */
export function csvCell(v: unknown): string {
  return sharedCell(flatten(v));
}

function flatten(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(flatten).join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.text === 'string') return o.text;
    return JSON.stringify(v);
  }
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : '';
}

/** Rows as CSV with the given columns (keys of the rows), a header line first. */
export function rowsToCsv<T extends object>(
  rows: readonly T[],
  columns: ReadonlyArray<keyof T & string>,
): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
