import { columnWidths } from '../../shared/text.js';
import type { HostVerdict } from '../fuse.js';

/** A readable table of verdicts: covered hosts first, then by address. */
export function formatHostTable(hosts: readonly HostVerdict[]): string {
  const rows = sortHosts(hosts).map((h) => [
    h.address,
    h.mac ?? '-',
    h.brandName ? `${h.makerName ?? '?'} (${h.brandName})` : (h.makerName ?? '-'),
    h.model ?? '-',
    h.firmware ?? '-',
    h.confidence ?? '-',
    h.covered ? 'COVERED' : h.maker ? (h.category ?? '-') : '-',
    h.advisories.join(' ') || '-',
  ]);
  const head = [
    'ADDRESS',
    'MAC',
    'MAKER (BRAND)',
    'MODEL',
    'FIRMWARE',
    'CONFIDENCE',
    'STATUS',
    'ADVISORIES',
  ];
  const widths = columnWidths(head, rows, 34);
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.slice(0, 34).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const notes = sortHosts(hosts).flatMap((h) => (h.notes ?? []).map((n) => `  ${h.address}  ${n}`));
  const noteLines = notes.length > 0 ? ['', 'Notes:', ...notes] : [];
  return [line(head), ...rows.map(line), ...noteLines].join('\n') + '\n';
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
