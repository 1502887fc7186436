// Report order as a string (pure), so a database can sort a report too large to hold: the same
// order `sortHosts` gives.
import type { HostVerdict } from '../host-verdict.js';

/** A verdict's place in the report: covered first, then identified, then by address. */
export function reportOrderKey(h: Pick<HostVerdict, 'covered' | 'maker' | 'address'>): string {
  // Numeric IPv4 order (octets padded); separators mapped below digits in the order the report's
  // collation gives them (- before : before .), so a plain byte comparison sorts alike.
  const address = h.address
    .split('.')
    .map((p) => p.padStart(3, '0'))
    .join('.')
    .replace(/[-:.]/g, (c) => (c === '-' ? '\u0001' : c === ':' ? '\u0002' : '\u0003'));
  return `${h.covered ? 0 : 1}${h.maker !== undefined ? 0 : 1}${address}`;
}
