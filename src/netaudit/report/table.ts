import { columnWidths } from '../../shared/text.js';
import type { HostVerdict } from '../fuse.js';

/** The table's column titles. */
export const tableHead = [
  'ADDRESS',
  'MAC',
  'MAKER (BRAND)',
  'MODEL',
  'FIRMWARE',
  'CONFIDENCE',
  'STATUS',
  'ADVISORIES',
] as const;

/** Widest a table column grows; longer cells are cut. */
export const maxColumnWidth = 34;

/** One host's cells in the table. */
export function tableCells(h: HostVerdict): string[] {
  return [
    h.address,
    h.mac ?? '-',
    h.brandName ? `${h.makerName ?? '?'} (${h.brandName})` : (h.makerName ?? '-'),
    h.model ?? '-',
    h.firmware ?? '-',
    h.confidence ?? '-',
    h.covered ? 'COVERED' : h.maker ? (h.category ?? '-') : '-',
    h.advisories.join(' ') || '-',
  ];
}

/** One table line: cells cut and padded to the column widths. */
export function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => c.slice(0, maxColumnWidth).padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

/** A host's notes as the lines under the table's "Notes:". */
export function noteLines(h: HostVerdict): string[] {
  return (h.notes ?? []).map((n) => `  ${h.address}  ${n}`);
}

/** A readable table of verdicts: covered hosts first, then by address. */
export function formatHostTable(hosts: readonly HostVerdict[]): string {
  const sorted = sortHosts(hosts);
  const rows = sorted.map(tableCells);
  const widths = columnWidths(tableHead, rows, maxColumnWidth);
  const notes = sorted.flatMap(noteLines);
  const noteBlock = notes.length > 0 ? ['', 'Notes:', ...notes] : [];
  return (
    [tableLine(tableHead, widths), ...rows.map((r) => tableLine(r, widths)), ...noteBlock].join(
      '\n',
    ) + '\n'
  );
}

/** Covered hosts first, then identified ones, then by address (numerically for IPv4). */
export function sortHosts(hosts: readonly HostVerdict[]): HostVerdict[] {
  const key = (a: string): string =>
    a
      .split('.')
      .map((p) => p.padStart(3, '0'))
      .join('.');
  return [...hosts].sort(
    (a, b) =>
      Number(b.covered) - Number(a.covered) ||
      Number(b.maker !== undefined) - Number(a.maker !== undefined) ||
      key(a.address).localeCompare(key(b.address)),
  );
}

/** Counts for the summary line and the stored scan. */
export function summarize(hosts: readonly HostVerdict[]): {
  hosts: number;
  identified: number;
  covered: number;
  vulnerable: number;
  byMaker: Record<string, number>;
} {
  const byMaker: Record<string, number> = {};
  for (const h of hosts) if (h.maker) byMaker[h.maker] = (byMaker[h.maker] ?? 0) + 1;
  return {
    hosts: hosts.length,
    identified: hosts.filter((h) => h.maker !== undefined).length,
    covered: hosts.filter((h) => h.covered).length,
    vulnerable: hosts.filter((h) => h.advisories.length > 0).length,
    byMaker,
  };
}
