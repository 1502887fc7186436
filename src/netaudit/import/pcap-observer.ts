// Decoded packets -> host observations: DNS names each host asked for, LAN discovery and SDK
// services it answered from, and its MAC where the capture shows it unambiguously.
import type { Observation } from '../observation.js';
import { parseDiscoveryReply } from '../parse/discovery.js';
import { isDvripSearch } from '../parse/dvrip.js';
import { normalizeDnsName } from './address.js';
import { parseDnsQuestions } from './dns-wire.js';
import type { Packet } from './packet.js';
import { HostTable, type SkipList } from './result.js';

const source = 'pcap';

interface DiscoveryPort {
  name: string;
  /** True for what a client or scanner sends from this port, which says nothing about the sender. */
  isRequest?: (text: string, packet: Packet) => boolean;
  /** Reads a reply with the parser the scanner uses, so an import and a scan agree. */
  parse?: (payload: Uint8Array) => Observation[];
}

const isProbe = (t: string): boolean => /<([\w-]+:)?Probe>/.test(t) && !t.includes('ProbeMatch');

/** Ports whose replies name a camera ecosystem (network-fingerprints.md §7). */
export const discoveryPorts: Record<string, DiscoveryPort> = {
  'udp/37020': { name: 'sadp', isRequest: isProbe },
  'udp/37810': { name: 'dhip', isRequest: (t) => t.includes('DHDiscover.search') },
  'udp/5050': {
    name: 'dvrip-discovery',
    isRequest: (_t, p) => isDvripSearch(p.payload),
    parse: (payload) => {
      const r = parseDiscoveryReply('dvrip', payload);
      return r.ok ? r.value : [];
    },
  },
  'udp/3702': { name: 'ws-discovery', isRequest: isProbe },
  'udp/1900': { name: 'ssdp', isRequest: (t) => t.startsWith('M-SEARCH') },
  'tcp/8000': { name: 'hikvision-sdk' },
  'tcp/37777': { name: 'dahua-sdk' },
  'tcp/554': { name: 'rtsp' },
};

/** Above this many IPv4 (or IPv6) sources behind one MAC, the MAC is a router's. */
const maxIpv4PerMac = 1;
const maxIpv6PerMac = 4;

/** Collects observations packet by packet. */
export class PcapObserver {
  private readonly table = new HostTable();
  private readonly macsByIp = new Map<string, Set<string>>();
  private readonly ipsByMac = new Map<string, { v4: Set<string>; v6: Set<string> }>();

  constructor(private readonly skipped: SkipList) {}

  /** Takes one decoded packet (`index` is 1-based, for messages). */
  observe(index: number, p: Packet): void {
    if (p.srcMac !== undefined) this.noteMac(p);
    if (p.protocol === 'udp' && p.dstPort === 53) this.observeDns(index, p);
    const port = discoveryPorts[`${p.protocol}/${p.srcPort}`];
    if (port !== undefined && !this.isClientPacket(port, p)) {
      this.table.add(p.srcIp, {
        kind: 'service',
        source,
        port: p.srcPort,
        protocol: p.protocol,
        name: port.name,
      });
      const replied = port.parse?.(p.payload) ?? [];
      if (replied.length > 0) this.table.add(p.srcIp, ...replied);
    }
  }

  /** Hosts with what they sent, plus their MACs where one MAC fronts only them. */
  hosts(): ReturnType<HostTable['toArray']> {
    const out = this.table.toArray();
    for (const host of out) {
      const family = host.address.includes(':') ? 'v6' : 'v4';
      const limit = family === 'v4' ? maxIpv4PerMac : maxIpv6PerMac;
      for (const mac of this.macsByIp.get(host.address) ?? []) {
        const fronted = this.ipsByMac.get(mac)?.[family].size ?? 0;
        if (fronted <= limit) host.observations.push({ kind: 'mac', source, mac });
      }
    }
    return out;
  }

  private observeDns(index: number, p: Packet): void {
    const dns = parseDnsQuestions(p.payload);
    if (!dns.ok) {
      this.skipped.add(`packet ${index}`, dns.issues.join('; '));
      return;
    }
    if (dns.value.isResponse) return;
    const found: Observation[] = [];
    for (const raw of dns.value.names) {
      if (raw === '') continue; // the root, asked for by resolvers priming their cache
      const name = normalizeDnsName(raw);
      if (name === undefined) this.skipped.add(`packet ${index}`, 'query name is not a host name');
      else found.push({ kind: 'dns-query', source, name, count: 1 });
    }
    if (found.length > 0) this.table.add(p.srcIp, ...found);
  }

  private isClientPacket(port: DiscoveryPort, p: Packet): boolean {
    if (p.protocol === 'tcp') {
      const flags = p.tcpFlags ?? 0;
      // A bare SYN is a client's; a RST says the port is closed.
      return (flags & 0x04) !== 0 || ((flags & 0x02) !== 0 && (flags & 0x10) === 0);
    }
    return port.isRequest?.(latin1(p.payload, 2048), p) ?? false;
  }

  private noteMac(p: Packet): void {
    const mac = p.srcMac ?? '';
    const macs = this.macsByIp.get(p.srcIp) ?? new Set<string>();
    if (macs.size < 4) macs.add(mac);
    this.macsByIp.set(p.srcIp, macs);
    const ips = this.ipsByMac.get(mac) ?? { v4: new Set<string>(), v6: new Set<string>() };
    const set = p.family === 4 ? ips.v4 : ips.v6;
    // Counting past the limit is enough to know the MAC is a router's.
    if (set.size <= maxIpv6PerMac) set.add(p.srcIp);
    this.ipsByMac.set(mac, ips);
  }
}

function latin1(bytes: Uint8Array, max: number): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, max); i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}
