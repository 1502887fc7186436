import { csvCell } from '../../shared/csv.js';
import type { HostVerdict } from '../fuse.js';
import { sortHosts } from './table.js';

const columns = [
  'address',
  'mac',
  'maker',
  'brand',
  'model',
  'firmware',
  'deviceType',
  'confidence',
  'covered',
  'restrictions',
  'advisories',
  'evidence',
] as const;

/** The scan CSV's header line. */
export const csvHeader = columns.join(',');

/** One host as a CSV line (no line end); lists joined with `;`, every cell formula-inert. */
export function hostCsvLine(h: HostVerdict): string {
  return [
    h.address,
    h.mac,
    h.makerName,
    h.brandName,
    h.model,
    h.firmware,
    h.deviceType,
    h.confidence,
    String(h.covered),
    h.restrictions
      .map((r) => `${r.short} (${r.status}${r.since ? ` since ${r.since}` : ''})`)
      .join('; '),
    h.advisories.join('; '),
    h.evidence.map((e) => `${e.probe}: ${e.fingerprint}`).join('; '),
  ]
    .map((v) => csvCell(v ?? ''))
    .join(',');
}

/** RFC 4180 CSV, one row per host; lists joined with `;`. Cells that would start a formula get a leading `'` (`csvCell`). */
export function formatHostCsv(hosts: readonly HostVerdict[]): string {
  return [csvHeader, ...sortHosts(hosts).map(hostCsvLine)].join('\r\n') + '\r\n';
}
