// What the CLI needs from the lab: start it, and print it as a table (data to stdout is the caller's).
import { formatTable } from '../../shared/text.js';
import type { Lab } from './lab-server.js';

export { startLab, highPortMap, type Lab, type LabOptions, type LabDevice } from './lab-server.js';
export { labCredential, type LabCredential } from './wire-auth.js';

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
  return formatTable(header, rows) + '\n';
}
