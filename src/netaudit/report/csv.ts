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

/** RFC 4180 CSV, one row per host; lists joined with `;`. Cells that would start a formula get a leading `'` (`csvCell`). */
export function formatHostCsv(hosts: readonly HostVerdict[]): string {
  const rows = sortHosts(hosts).map((h) =>
    [
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
    ].map((v) => csvCell(v ?? '')),
  );
  return [columns.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}
