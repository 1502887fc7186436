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

/** RFC 4180 CSV, one row per host; lists joined with `;`. Cells that start with =+-@ are quoted with a leading `'` against formula injection. */
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
    ].map(cell),
  );
  return [columns.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}

function cell(v: string | undefined): string {
  let s = v ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
