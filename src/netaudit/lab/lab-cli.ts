// What the CLI needs from the lab: start it, and print it as a table (data to stdout is the caller's).
import type { Lab } from './lab-server.js';

export { startLab, highPortMap, type Lab, type LabOptions, type LabDevice } from './lab-server.js';

/** One line per device: address, profile, ground-truth maker/brand/covered, and bound ports. */
export function formatLabTable(lab: Pick<Lab, 'devices'>): string {
  const rows = lab.devices.map((d) => [
    d.address,
    d.profile,
    d.truth.maker ?? '-',
    d.truth.brand ?? '-',
    d.truth.covered ? 'yes' : 'no',
    [
      d.tcp.length > 0 ? `tcp ${d.tcp.join(',')}` : '',
      d.udp.length > 0 ? `udp ${d.udp.join(',')}` : '',
    ]
      .filter((s) => s !== '')
      .join(' '),
  ]);
  const header = ['ADDRESS', 'PROFILE', 'MAKER', 'BRAND', 'COVERED', 'PORTS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
