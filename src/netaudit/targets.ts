import { UserError } from '../shared/errors.js';

/** A parsed target: an IPv4 range (inclusive, as 32-bit numbers), an IPv6 address, or a host name. */
export type Target =
  | { kind: 'ipv4'; spec: string; start: number; end: number }
  | { kind: 'ipv6'; spec: string; address: string }
  | { kind: 'name'; spec: string; name: string };

/** Most hosts one scan may name; a /12 is already more than any site's camera network. */
export const maxTargets = 1 << 20;

/** Parses `192.0.2.7`, `192.0.2.0/24`, `192.0.2.10-20`, `192.0.2.10-192.0.2.20`, `::1`, `cam.local`. */
export function parseTarget(spec: string): Target {
  const s = spec.trim();
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(s);
  if (cidr?.[1] !== undefined && cidr[2] !== undefined) {
    const bits = Number(cidr[2]);
    if (bits > 32) throw new UserError(`target "${spec}": prefix length ${bits} is over 32`);
    const base = ipv4ToNumber(cidr[1], spec);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const start = (base & mask) >>> 0;
    return { kind: 'ipv4', spec: s, start, end: (start | (~mask >>> 0)) >>> 0 };
  }
  const range = /^(\d+\.\d+\.\d+\.\d+)-(\d+(?:\.\d+\.\d+\.\d+)?)$/.exec(s);
  if (range?.[1] !== undefined && range[2] !== undefined) {
    const start = ipv4ToNumber(range[1], spec);
    const end = range[2].includes('.')
      ? ipv4ToNumber(range[2], spec)
      : ((start & 0xffffff00) | octet(range[2], spec)) >>> 0;
    if (end < start) throw new UserError(`target "${spec}": the range ends before it starts`);
    return { kind: 'ipv4', spec: s, start, end };
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const n = ipv4ToNumber(s, spec);
    return { kind: 'ipv4', spec: s, start: n, end: n };
  }
  if (s.includes(':') && /^[0-9a-f:.]+$/i.test(s))
    return { kind: 'ipv6', spec: s, address: s.toLowerCase() };
  if (
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
      s,
    )
  ) {
    return { kind: 'name', spec: s, name: s.toLowerCase() };
  }
  throw new UserError(`target "${spec}" is not an IP address, range, CIDR block or host name`);
}

function octet(s: string, spec: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 255)
    throw new UserError(`target "${spec}": "${s}" is not an octet (0-255)`);
  return n;
}

/** An IPv4 address as an unsigned 32-bit number. */
export function ipv4ToNumber(s: string, spec = s): number {
  const parts = s.split('.');
  if (parts.length !== 4) throw new UserError(`target "${spec}": "${s}" is not an IPv4 address`);
  return parts.reduce((n, p) => n * 256 + octet(p, spec), 0) >>> 0;
}

/** Dotted-quad text of a 32-bit number. */
export function numberToIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** How many hosts the targets name (names count one each). */
export function countTargets(targets: readonly Target[]): number {
  return targets.reduce((n, t) => n + (t.kind === 'ipv4' ? t.end - t.start + 1 : 1), 0);
}

/** Every IPv4 address of the targets, in order, without building a list. */
export function* ipv4Addresses(targets: readonly Target[]): Generator<string> {
  for (const t of targets) {
    if (t.kind !== 'ipv4') continue;
    for (let n = t.start; n <= t.end; n++) yield numberToIpv4(n);
  }
}

const nonPublicV4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
];

/** The non-public IPv4 blocks (RFC 1918 private, RFC 6598 shared, loopback, link-local, benchmarking). */
const nonPublicBlocks = nonPublicV4.map(([net, bits]) => {
  const start = ipv4ToNumber(net);
  return { start, end: start + 2 ** (32 - bits) - 1 };
});

/** True for IPv4 space outside the private, loopback, link-local and shared ranges. */
export function isPublicIpv4(n: number): boolean {
  return !nonPublicBlocks.some((b) => n >= b.start && n <= b.end);
}

/** True for IPv6 outside loopback, link-local (fe80::/10) and unique-local (fc00::/7). */
export function isPublicIpv6(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '::1') return false;
  return !/^f[cd][0-9a-f]{2}:|^fe[89ab][0-9a-f]:/.test(a);
}

/** The first address of a range in public space, jumping over non-public blocks; undefined if none. */
function firstPublicIn(start: number, end: number): number | undefined {
  let n = start;
  while (n <= end) {
    const block = nonPublicBlocks.find((b) => n >= b.start && n <= b.end);
    if (!block) return n;
    n = block.end + 1;
  }
  return undefined;
}

/** The first target reaching public address space, if any (names are checked after resolution). */
export function firstPublicTarget(targets: readonly Target[]): Target | undefined {
  return targets.find((t) =>
    t.kind === 'ipv6'
      ? isPublicIpv6(t.address)
      : t.kind === 'ipv4' && firstPublicIn(t.start, t.end) !== undefined,
  );
}
