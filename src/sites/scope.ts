// What a site may report (pure): its ranges refuse public space unless the admin says they are
// authorised (as `net scan` does), and a pushed scan's hosts and targets must all lie inside them.
import { firstPublicTarget, isPublicIpv6, parseTarget } from '../netaudit/index.js';
import { UserError } from '../shared/errors.js';
import { firstOutside, formatAddress, parseAddress, parseCidr, type Cidr } from './cidr.js';

/** Parses a site's ranges; public space is refused unless `authorized`. Canonical texts. */
export function siteRanges(texts: readonly string[], authorized: boolean): string[] {
  if (texts.length === 0) throw new UserError('a site needs at least one --range CIDR');
  const ranges = texts.map(parseCidr);
  const pub = authorized ? undefined : ranges.find(isPublicRange);
  if (pub !== undefined)
    throw new UserError(
      `range ${pub.text} reaches public address space; pass --authorized if you are authorised to scan it`,
    );
  return [...new Set(ranges.map((r) => r.text))];
}

function isPublicRange(r: Cidr): boolean {
  if (r.family === 6)
    return isPublicIpv6(formatAddress(6, r.start)) || isPublicIpv6(formatAddress(6, r.end));
  const target = {
    kind: 'ipv4',
    spec: r.text,
    start: Number(r.start),
    end: Number(r.end),
  } as const;
  return firstPublicTarget([target]) !== undefined;
}

/**
 * The first host address or target of a scan outside the site's ranges, as text to name it; undefined
 * when all are inside. Host names among the targets are not checked (their hosts' addresses are).
 */
export function firstOutOfScope(
  rangeTexts: readonly string[],
  addresses: Iterable<string>,
  targets: readonly string[],
): string | undefined {
  const ranges = rangeTexts.map(parseCidr);
  for (const address of addresses) {
    const a = parseAddress(address);
    if (a === undefined || firstOutside(ranges, a.family, a.value, a.value) !== undefined)
      return `host ${address.slice(0, 64)}`;
  }
  for (const spec of targets) {
    const outside = targetOutside(ranges, spec);
    if (outside !== undefined) return `target ${spec.slice(0, 64)} (${outside})`;
  }
  return undefined;
}

/** The first address of one target outside the ranges, or undefined. */
function targetOutside(ranges: readonly Cidr[], spec: string): string | undefined {
  let span: { family: 4 | 6; start: bigint; end: bigint } | undefined;
  try {
    const t = parseTarget(spec);
    if (t.kind === 'name') return undefined;
    span =
      t.kind === 'ipv4'
        ? { family: 4, start: BigInt(t.start), end: BigInt(t.end) }
        : parseCidr(t.address);
  } catch {
    try {
      span = parseCidr(spec);
    } catch {
      return 'not an address, range or name';
    }
  }
  const n = firstOutside(ranges, span.family, span.start, span.end);
  return n === undefined ? undefined : formatAddress(span.family, n);
}
