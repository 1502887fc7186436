// Address ranges of a site (pure): IPv4 and IPv6 CIDR blocks parsed to numbers, and the first
// address of a span that no block holds, so a refusal can name it.
import { UserError } from '../shared/errors.js';

/** A CIDR block as the inclusive span of its addresses. */
export interface Cidr {
  family: 4 | 6;
  start: bigint;
  end: bigint;
  /** The canonical text: network address and prefix length (`10.1.0.0/16`, `fd00::/8`). */
  text: string;
}

/** An address as a number of its family, or undefined when the text is not one. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | undefined {
  const s = text.trim().replace(/%[\w.-]+$/, '');
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(s);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256n + BigInt(p);
  }
  return n;
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(s) || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined): bigint[] | undefined => {
    if (h === undefined || h === '') return [];
    const out: bigint[] = [];
    const parts = h.split(':');
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-f]{1,4}$/i.test(p)) out.push(BigInt(`0x${p}`));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<bigint>(halves.length === 1 ? 0 : missing).fill(0n), ...tail];
  return all.reduce((n, g) => (n << 16n) | g, 0n);
}

/** An address's text: dotted quad, or IPv6 with its longest run of zero groups as `::`. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4)
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (value >> BigInt(112 - 16 * i)) & 0xffffn);
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > best.length && j - i > 1) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** Parses `10.1.0.0/16`, `fd00::/8` or one address (a /32 or /128); host bits are cleared. */
export function parseCidr(text: string): Cidr {
  const [addr = '', bits, extra] = text.trim().split('/');
  const a = parseAddress(addr);
  if (a === undefined || extra !== undefined || addr.includes('%'))
    throw new UserError(
      `range "${text}" is not an IPv4 or IPv6 CIDR block (10.1.0.0/16, fd00::/8)`,
    );
  const width = a.family === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : Number(bits);
  if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || prefix > width))
    throw new UserError(`range "${text}": prefix length "${bits}" is not 0 to ${width}`);
  const size = 1n << BigInt(width - prefix);
  const start = a.value - (a.value % size);
  return {
    family: a.family,
    start,
    end: start + size - 1n,
    text: `${formatAddress(a.family, start)}/${prefix}`,
  };
}

/** The first address from `from` to `to` (one family) that none of the ranges holds. */
export function firstOutside(
  ranges: readonly Cidr[],
  family: 4 | 6,
  from: bigint,
  to: bigint,
): bigint | undefined {
  let n = from;
  while (n <= to) {
    const holder = ranges.find((r) => r.family === family && r.start <= n && n <= r.end);
    if (holder === undefined) return n;
    n = holder.end + 1n;
  }
  return undefined;
}
