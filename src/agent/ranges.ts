// A site's address ranges and the targets an agent may scan within them (pure): every target must
// lie wholly inside one of the site's CIDR blocks before a probe is sent. The server checks the
// pushed hosts again; this check only spares the site a scan the server would refuse.
import { parseTarget, type Target } from '../netaudit/index.js';
import { UserError } from '../shared/errors.js';

/** One CIDR block of a site: IPv4 as 32-bit numbers, IPv6 as 128-bit integers. */
export type SiteRange =
  | { kind: 'ipv4'; spec: string; start: number; end: number }
  | { kind: 'ipv6'; spec: string; start: bigint; end: bigint };

/** Parses `10.1.0.0/16`, `192.0.2.7`, `fd00:1::/64` or `::1`; throws a UserError naming it. */
export function parseRange(spec: string): SiteRange {
  const s = spec.trim();
  if (s.includes(':')) {
    const [addr = '', bitsText = '128', extra] = s.split('/');
    const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
    if (extra !== undefined || !(bits >= 0 && bits <= 128))
      throw new UserError(`range "${spec}": not a CIDR block (address/prefix)`);
    const host = ipv6ToBigInt(addr, spec);
    const size = 1n << BigInt(128 - bits);
    const start = host - (host % size);
    return { kind: 'ipv6', spec: s, start, end: start + size - 1n };
  }
  const t = parseTarget(s);
  if (t.kind !== 'ipv4' || !(s.includes('/') || /^[\d.]+$/.test(s)))
    throw new UserError(`range "${spec}": not a CIDR block (address/prefix)`);
  return { kind: 'ipv4', spec: s, start: t.start, end: t.end };
}

/** The first target not wholly inside one of the ranges, and why; undefined when all are. */
export function targetOutside(
  targets: readonly Target[],
  ranges: readonly SiteRange[],
): { target: Target; why: string } | undefined {
  for (const t of targets) {
    if (t.kind === 'name')
      return { target: t, why: 'a host name; give the addresses, so they can be checked' };
    if (!ranges.some((r) => contains(r, t)))
      return {
        target: t,
        why: `outside the site's ranges (${ranges.map((r) => r.spec).join(', ')})`,
      };
  }
  return undefined;
}

function contains(r: SiteRange, t: Target): boolean {
  if (t.kind === 'ipv4') return r.kind === 'ipv4' && t.start >= r.start && t.end <= r.end;
  if (t.kind !== 'ipv6' || r.kind !== 'ipv6') return false;
  const n = ipv6ToBigInt(t.address, t.spec);
  return n >= r.start && n <= r.end;
}

/** An IPv6 address (`::` shortening and a dotted IPv4 tail allowed) as a 128-bit integer. */
export function ipv6ToBigInt(text: string, spec = text): bigint {
  const bad = (): UserError => new UserError(`"${spec}": "${text}" is not an IPv6 address`);
  let groups = text.toLowerCase().split('::');
  if (groups.length > 2) throw bad();
  const part = (s: string | undefined): string[] =>
    s === undefined || s === '' ? [] : s.split(':');
  const head = part(groups[0]);
  const tail = part(groups[1]);
  const last = tail.length > 0 ? tail : head;
  const v4 = last.at(-1)?.includes('.') === true ? last.pop() : undefined;
  if (v4 !== undefined) {
    const t = parseTarget(v4);
    if (t.kind !== 'ipv4' || t.start !== t.end) throw bad();
    last.push((t.start >>> 16).toString(16), (t.start & 0xffff).toString(16));
  }
  const missing = 8 - head.length - tail.length;
  if (groups.length === 1 ? missing !== 0 : missing < 1) throw bad();
  groups = [...head, ...Array<string>(groups.length === 1 ? 0 : missing).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) throw bad();
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}
