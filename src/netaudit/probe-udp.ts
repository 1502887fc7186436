import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { buildDhipSearch } from './parse/dhip.js';
import { buildDvripSearch, dvripPort } from './parse/dvrip.js';

/** A read-only discovery request: the maker's own "who is there" message, nothing that changes state. */
export interface DiscoveryProtocol {
  name: 'sadp' | 'dhip' | 'dvrip' | 'wsd' | 'ssdp';
  port: number;
  /**
   * Where local-link discovery is sent: a multicast group, or `broadcast` for the broadcast
   * address of each link that holds targets (never 255.255.255.255, which leaves by the default route).
   */
  group: string;
  payload: () => Uint8Array;
}

const enc = new TextEncoder();

/** The discovery requests sent, with formats per network-fingerprints.md §2 (re-expressed). */
export const discoveryProtocols: readonly DiscoveryProtocol[] = [
  {
    name: 'sadp',
    port: 37020,
    group: '239.255.255.250',
    payload: () =>
      enc.encode(
        `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${randomUUID().toUpperCase()}</Uuid><Types>inquiry</Types></Probe>`,
      ),
  },
  { name: 'dhip', port: 37810, group: '239.255.255.251', payload: buildDhipSearch },
  // Dahua's legacy DVRIP search: a broadcast protocol, answered by Dahua and its OEMs.
  { name: 'dvrip', port: dvripPort, group: 'broadcast', payload: buildDvripSearch },
  {
    name: 'wsd',
    port: 3702,
    group: '239.255.255.250',
    payload: () =>
      enc.encode(
        `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action><a:MessageID>urn:uuid:${randomUUID()}</a:MessageID><a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To><a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo></s:Header><s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>`,
      ),
  },
  {
    name: 'ssdp',
    port: 1900,
    group: '239.255.255.250',
    payload: () =>
      enc.encode(
        'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n',
      ),
  },
];

export interface DiscoveryReply {
  protocol: DiscoveryProtocol['name'];
  address: string;
  data: Uint8Array;
}

export interface DiscoverOptions {
  hosts: readonly string[];
  protocols?: readonly DiscoveryProtocol[];
  /** How long to listen after the last request. */
  windowMs: number;
  /** Requests per second at most, across protocols. */
  rate: number;
  /** Replies kept per host and protocol. */
  maxRepliesPerHost?: number;
}

/**
 * Sends each discovery request unicast to each host and collects the replies that come back from
 * those hosts only. Replies from any other address are dropped.
 */
export async function discoverUnicast(o: DiscoverOptions): Promise<DiscoveryReply[]> {
  const wanted = new Set(o.hosts);
  const replies: DiscoveryReply[] = [];
  const perHost = new Map<string, number>();
  const sockets: Socket[] = [];
  const cap = o.maxRepliesPerHost ?? 4;
  const gapMs = 1000 / Math.max(1, o.rate);
  try {
    for (const protocol of o.protocols ?? discoveryProtocols) {
      const socket = createSocket({ type: o.hosts.some((h) => h.includes(':')) ? 'udp6' : 'udp4' });
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.on('message', (data, rinfo) => {
        const key = `${protocol.name}\u0000${rinfo.address}`;
        const n = perHost.get(key) ?? 0;
        if (!wanted.has(rinfo.address) || n >= cap) return;
        perHost.set(key, n + 1);
        replies.push({
          protocol: protocol.name,
          address: rinfo.address,
          data: new Uint8Array(data),
        });
      });
      await new Promise<void>((resolve) => socket.bind(0, resolve));
    }
    let sent = 0;
    const started = Date.now();
    for (const host of o.hosts) {
      for (const [i, protocol] of (o.protocols ?? discoveryProtocols).entries()) {
        sockets[i]?.send(protocol.payload(), protocol.port, host);
        sent++;
        const due = started + sent * gapMs - Date.now();
        if (due > 1) await new Promise((r) => setTimeout(r, due));
      }
    }
    await new Promise((r) => setTimeout(r, o.windowMs));
  } finally {
    for (const s of sockets) s.close();
  }
  return replies;
}
