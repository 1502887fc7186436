// DHCP lease files -> MAC and hostname per address: dnsmasq's `dnsmasq.leases` and ISC dhcpd's
// `dhcpd.leases` journal.
import type { Observation } from '../observation.js';
import { normalizeIp, normalizeMac } from './address.js';
import { HostTable, SkipList, type ImportResult } from './result.js';

/** Parses a dnsmasq lease file: `<expiry> <mac|iaid> <ip> <hostname|*> <client-id|*>` per line. */
export function parseDnsmasqLeases(text: string): ImportResult {
  const source = 'dnsmasq-leases';
  const table = new HostTable();
  const skipped = new SkipList();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('duid ') || line.startsWith('#')) return;
    const at = `line ${index + 1}`;
    const [expiry, hw, ipText, name] = line.split(/\s+/);
    if (name === undefined || !/^\d+$/.test(expiry ?? '')) {
      skipped.add(at, 'not a dnsmasq lease line');
      return;
    }
    const ip = normalizeIp(ipText ?? '');
    if (ip === undefined) {
      skipped.add(at, `not an IP address: ${clipText(ipText ?? '')}`);
      return;
    }
    // IPv6 leases carry an IAID (a number) where IPv4 leases carry the MAC.
    const mac = /^\d+$/.test(hw ?? '') ? undefined : normalizeMac(hw ?? '');
    if (mac === undefined && !/^\d+$/.test(hw ?? '')) {
      skipped.add(at, `not a unicast Ethernet MAC: ${clipText(hw ?? '')}`);
      return;
    }
    table.add(ip, ...leaseObservations(source, mac, name === '*' ? undefined : name));
  });
  return { hosts: table.toArray(), skipped: skipped.toArray() };
}

interface Token {
  kind: 'word' | 'string' | 'punct';
  value: string;
  line: number;
}

interface Lease {
  ip: string;
  line: number;
  mac?: string;
  hostname?: string;
  binding?: string;
}

/** Binding states of leases no client holds: the MAC they keep is a past holder's. */
const unheld = new Set(['free', 'abandoned', 'backup']);

/**
 * Parses ISC dhcpd's lease journal (`lease 192.0.2.5 { hardware ethernet …; client-hostname "x"; }`).
 * The file is appended to, so the last block for an address wins; free and backup leases give
 * nothing (their MAC is a former holder's).
 */
export function parseDhcpdLeases(text: string): ImportResult {
  const source = 'isc-dhcpd-leases';
  const skipped = new SkipList();
  const leases = new Map<string, Lease>();
  let depth = 0;
  let lease: Lease | undefined;
  let stmt: Token[] = [];
  for (const tok of tokenize(text)) {
    if (tok.kind !== 'punct') {
      if (stmt.length < 16) stmt.push(tok);
      continue;
    }
    if (tok.value === '{') {
      if (depth === 0 && stmt[0]?.value === 'lease' && stmt.length === 2) {
        const ip = normalizeIp(stmt[1]?.value ?? '');
        if (ip === undefined) skipped.add(`line ${tok.line}`, 'lease for a bad IP address');
        else lease = { ip, line: tok.line };
      }
      depth++;
    } else if (tok.value === '}') {
      if (depth === 0) skipped.add(`line ${tok.line}`, 'unbalanced }');
      else if (--depth === 0 && lease !== undefined) {
        leases.delete(lease.ip);
        leases.set(lease.ip, lease);
        lease = undefined;
      }
    } else if (depth === 1 && lease !== undefined) {
      applyStatement(
        lease,
        stmt.map((t) => t.value),
      );
    }
    stmt = [];
  }
  if (lease !== undefined) skipped.add(`line ${lease.line}`, 'lease block is never closed');
  const table = new HostTable();
  for (const l of leases.values()) {
    if (l.binding !== undefined && unheld.has(l.binding)) continue;
    table.add(l.ip, ...leaseObservations(source, l.mac, l.hostname));
  }
  return { hosts: table.toArray(), skipped: skipped.toArray() };
}

function applyStatement(lease: Lease, words: string[]): void {
  const [a, b, c] = words;
  if (a === 'hardware' && b === 'ethernet' && c !== undefined) {
    const mac = normalizeMac(c);
    if (mac === undefined) delete lease.mac;
    else lease.mac = mac;
  } else if (a === 'client-hostname' && b !== undefined) lease.hostname = b;
  else if (a === 'binding' && b === 'state' && c !== undefined) lease.binding = c;
}

function leaseObservations(
  source: string,
  mac: string | undefined,
  hostname: string | undefined,
): Observation[] {
  const out: Observation[] = [];
  if (mac !== undefined) out.push({ kind: 'mac', source, mac });
  const name = hostname?.trim();
  // eslint-disable-next-line no-control-regex
  if (name !== undefined && name !== '' && name.length <= 253 && !/[\u0000-\u001f]/.test(name))
    out.push({ kind: 'hostname', source, name });
  return out;
}

/** Words, quoted strings (backslash escapes kept as written) and `{ } ;`; `#` starts a comment. */
function* tokenize(text: string): Generator<Token> {
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] ?? '';
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
    } else if (c === '{' || c === '}' || c === ';') {
      yield { kind: 'punct', value: c, line };
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const value = text.slice(i + 1, Math.min(j, n));
      yield { kind: 'string', value, line };
      for (const ch of value) if (ch === '\n') line++;
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !/[\s{};"#]/.test(text[j] ?? '')) j++;
      yield { kind: 'word', value: text.slice(i, j), line };
      i = j;
    }
  }
}

function clipText(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}
