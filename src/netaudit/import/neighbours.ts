// Neighbour (ARP/NDP) tables people can paste: `ip neigh`, BSD/macOS/Linux `arp -an`, Windows
// `arp -a` and /proc/net/arp. One parser reads them all, line by line.
import type { Observation } from '../observation.js';
import { normalizeIp, normalizeMac } from './address.js';
import { HostTable, SkipList, type ImportResult } from './result.js';

interface Entry {
  source: string;
  ip: string;
  mac: string;
  hostname?: string;
}

interface Reason {
  reason: string;
}

/** `10.0.0.5 dev eth0 lladdr aa:bb:cc:dd:ee:ff REACHABLE` */
const ipNeigh = /^(\S+)\s+dev\s+\S+\s+lladdr\s+(\S+)/;
/** `host (10.0.0.5) at aa:bb:cc:dd:ee:ff [ether] on eth0` (`?` when the name is unknown). */
const arpAn = /^(\S+)\s+\(([^)\s]+)\)\s+at\s+(\S+)/;
/** `  10.0.0.5   aa-bb-cc-dd-ee-ff   dynamic` */
const arpWindows = /^(\S+)\s+([0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){5})\s+(?:dynamic|static)\b/i;
/** `10.0.0.5  0x1  0x2  aa:bb:cc:dd:ee:ff  *  eth0` */
const procArp = /^(\S+)\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)\s+(\S+)\s+\S+\s+\S+$/i;

/** Lines that carry no entry: headers, and entries still unresolved. */
const ignorable = [
  /^Interface:/i,
  /^Internet Address\s/i,
  /^IP address\s+HW type/i,
  /^(\S+)\s+dev\s+\S+\s+(?!lladdr)/,
  /\(incomplete\)|<incomplete>/i,
  /^Address\s+HWtype/i,
];

/** Parses a neighbour table export into `mac` (and, from `arp -an`, `hostname`) observations. */
export function parseNeighbours(text: string): ImportResult {
  const table = new HostTable();
  const skipped = new SkipList();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const entry = readLine(line);
    if (entry === 'ignore') return;
    if (entry === undefined) {
      if (!ignorable.some((re) => re.test(line)))
        skipped.add(`line ${index + 1}`, 'not a neighbour table entry');
      return;
    }
    if ('reason' in entry) {
      skipped.add(`line ${index + 1}`, entry.reason);
      return;
    }
    const obs: Observation[] = [{ kind: 'mac', source: entry.source, mac: entry.mac }];
    if (entry.hostname !== undefined)
      obs.push({ kind: 'hostname', source: entry.source, name: entry.hostname });
    table.add(entry.ip, ...obs);
  });
  return { hosts: table.toArray(), skipped: skipped.toArray() };
}

/** An entry, a reason to skip the line, 'ignore' for entries that name no unicast MAC, or undefined. */
function readLine(line: string): Entry | Reason | 'ignore' | undefined {
  let m = ipNeigh.exec(line);
  if (m !== null) return entry('ip-neigh', m[1], m[2]);
  m = arpAn.exec(line);
  if (m !== null) {
    const name = m[1] === '?' ? undefined : m[1];
    return entry('arp-an', m[2], m[3], name);
  }
  m = arpWindows.exec(line);
  if (m !== null) return entry('arp-windows', m[1], m[2]);
  m = procArp.exec(line);
  if (m !== null) return m[2] === '0x0' ? 'ignore' : entry('proc-arp', m[1], m[3]);
  return undefined;
}

function entry(
  source: string,
  ipText: string | undefined,
  macText: string | undefined,
  hostname?: string,
): Entry | Reason | 'ignore' {
  const ip = normalizeIp(ipText ?? '');
  if (ip === undefined) return { reason: 'not an IP address' };
  const mac = normalizeMac(macText ?? '');
  // Broadcast and multicast entries (Windows lists them as static) and `(incomplete)` name no host.
  if (mac === undefined) return 'ignore';
  const name = hostname !== undefined && hostname.length <= 253 ? hostname : undefined;
  return { source, ip, mac, ...(name === undefined ? {} : { hostname: name }) };
}
