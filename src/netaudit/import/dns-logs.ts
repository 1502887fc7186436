// DNS query logs -> which host looked up which name, how often: Zeek dns.log (TSV or JSON lines)
// and dnsmasq / Pi-hole query logs.
import { ParseError } from '../../shared/errors.js';
import { normalizeDnsName, normalizeIp } from './address.js';
import { HostTable, SkipList, type ImportResult } from './result.js';

class QueryCounter {
  readonly table = new HostTable();
  readonly skipped = new SkipList();
  constructor(private readonly source: string) {}

  /** Counts one query, or notes why the line is skipped. */
  add(at: string, hostText: string, nameText: string): void {
    const host = normalizeIp(hostText);
    if (host === undefined) return this.skipped.add(at, 'querying host is not an IP address');
    const name = normalizeDnsName(nameText);
    if (name === undefined) return this.skipped.add(at, 'query is not a DNS name');
    this.table.add(host, { kind: 'dns-query', source: this.source, name, count: 1 });
  }

  result(): ImportResult {
    return { hosts: this.table.toArray(), skipped: this.skipped.toArray() };
  }
}

interface ZeekHeader {
  separator: string;
  unset: string;
  host: number;
  query: number;
}

/**
 * Parses a Zeek dns.log, TSV (with its `#separator` and `#fields` headers, which may repeat when
 * logs are concatenated) or JSON lines, counting `query` per `id.orig_h`.
 */
export function parseZeekDns(text: string): ImportResult {
  const counter = new QueryCounter('zeek-dns');
  let separator = '\t';
  let unset = '-';
  let header: ZeekHeader | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const at = `line ${index + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#separator ')) {
      separator = unescapeZeek(line.slice(11));
    } else if (line.startsWith('#unset_field')) {
      unset = line.split(separator)[1] ?? unset;
    } else if (line.startsWith('#fields')) {
      header = zeekHeader(line.split(separator).slice(1), separator, unset, at);
    } else if (line.startsWith('#')) {
      return;
    } else if (line.trimStart().startsWith('{')) {
      readZeekJson(counter, at, line);
    } else if (header === undefined) {
      counter.skipped.add(at, 'data before a #fields header');
    } else {
      const cells = line.split(header.separator);
      const query = cells[header.query];
      const host = cells[header.host];
      if (query === undefined || host === undefined) counter.skipped.add(at, 'too few fields');
      else if (query !== header.unset && query !== '') counter.add(at, host, unescapeZeek(query));
    }
  });
  return counter.result();
}

function zeekHeader(fields: string[], separator: string, unset: string, at: string): ZeekHeader {
  const host = fields.indexOf('id.orig_h');
  const query = fields.indexOf('query');
  if (host < 0 || query < 0)
    throw new ParseError('zeek-dns', 'no id.orig_h and query fields: is this a dns.log?', at);
  return { separator, unset, host, query };
}

function readZeekJson(counter: QueryCounter, at: string, line: string): void {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return counter.skipped.add(at, 'not a JSON object');
  }
  if (typeof record !== 'object' || record === null)
    return counter.skipped.add(at, 'not a JSON object');
  const r = record as Record<string, unknown>;
  const id = typeof r.id === 'object' && r.id !== null ? (r.id as Record<string, unknown>) : {};
  const host = r['id.orig_h'] ?? id.orig_h;
  const query = r.query;
  if (query === undefined || query === null) return;
  if (typeof host !== 'string' || typeof query !== 'string')
    return counter.skipped.add(at, 'no id.orig_h or query string');
  counter.add(at, host, query);
}

/** Zeek writes non-printable bytes as `\xHH`. */
function unescapeZeek(s: string): string {
  return s.replaceAll(/\\x([0-9a-fA-F]{2})/g, (_all, h: string) =>
    String.fromCharCode(parseInt(h, 16)),
  );
}

/** `… dnsmasq[123]: query[A] dev.hik-connect.com from 192.0.2.64` (Pi-hole writes the same). */
const dnsmasqQuery = /\bquery\[[A-Za-z0-9]{1,16}\]\s+(\S+)\s+from\s+(\S+)\s*$/;

/** Parses a dnsmasq or Pi-hole query log (`log-queries`); lines other than queries are ignored. */
export function parseDnsmasqLog(text: string): ImportResult {
  const counter = new QueryCounter('dnsmasq-log');
  text.split('\n').forEach((line, index) => {
    if (!line.includes('query[')) return;
    const at = `line ${index + 1}`;
    const m = dnsmasqQuery.exec(line);
    if (m === null) counter.skipped.add(at, 'not a dnsmasq query line');
    else counter.add(at, m[2] ?? '', m[1] ?? '');
  });
  return counter.result();
}
