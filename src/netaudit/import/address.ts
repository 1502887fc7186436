// Normalized forms of the addresses and names importers read, so the same host merges across
// formats: MACs as lower-case `aa:bb:cc:dd:ee:ff`, IPv6 in RFC 5952 form, DNS names lower-case.

/**
 * A unicast MAC in `aa:bb:cc:dd:ee:ff` form, from colon, dash, Cisco-dot or bare-hex spellings
 * (macOS drops leading zeros: `44:19:b6:1:2:3`). Group (multicast/broadcast) and all-zero MACs
 * name no host and give undefined.
 */
export function normalizeMac(text: string): string | undefined {
  const s = text.trim().toLowerCase();
  let octets: string[];
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){5}$/.test(s)) octets = s.split(/[:-]/);
  else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(s) || /^[0-9a-f]{12}$/.test(s))
    octets = s.replaceAll('.', '').match(/../g) ?? [];
  else return undefined;
  const mac = octets.map((o) => o.padStart(2, '0')).join(':');
  const first = parseInt(mac.slice(0, 2), 16);
  if ((first & 1) === 1 || mac === '00:00:00:00:00:00') return undefined;
  return mac;
}

/** A MAC from six bytes (a frame's source address), or undefined for group/zero addresses. */
export function macFromBytes(bytes: Uint8Array, offset: number): string | undefined {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((bytes[offset + i] ?? 0).toString(16).padStart(2, '0'));
  return normalizeMac(parts.join(':'));
}

/** An IPv4 address in dotted-quad form, or undefined. */
export function normalizeIpv4(text: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (m === null) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts.join('.') : undefined;
}

/** An IPv6 address in RFC 5952 form (zone index dropped), or undefined. */
export function normalizeIpv6(text: string): string | undefined {
  let s = text.trim().toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length > 45 || !/^[0-9a-f:.]+$/.test(s) || !s.includes(':')) return undefined;
  if (s.includes('.')) {
    // An embedded IPv4 tail (`::ffff:192.0.2.1`) becomes its two hex words.
    const lastColon = s.lastIndexOf(':');
    const v4 = normalizeIpv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string | undefined): number[] | undefined => {
    if (h === undefined || h === '') return [];
    const groups = h.split(':');
    if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (head === undefined || rest === undefined) return undefined;
  const given = head.length + rest.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return undefined;
  const words = [...head, ...Array<number>(8 - given).fill(0), ...rest];
  return formatIpv6(words);
}

/** RFC 5952 text of eight 16-bit words: lower-case, longest run (>= 2) of zeros as `::`. */
export function formatIpv6(words: readonly number[]): string {
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [bestAt, bestLen] = [i, j - i];
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

/** An IPv4 or IPv6 address in normal form, or undefined. */
export function normalizeIp(text: string): string | undefined {
  return normalizeIpv4(text) ?? normalizeIpv6(text);
}

/** A DNS name, lower-case without the trailing dot, or undefined when it cannot be one. */
export function normalizeDnsName(text: string): string | undefined {
  const s = text.trim().toLowerCase().replace(/\.$/, '');
  if (s.length === 0 || s.length > 253) return undefined;
  if (!/^[a-z0-9_*](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*$/.test(s)) return undefined;
  // A numeric last label is a mistyped address (`192.0.2.999`), never a top-level domain.
  if (/(^|\.)\d+$/.test(s)) return undefined;
  return s;
}
