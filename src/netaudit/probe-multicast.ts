import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { discoveryProtocols, type DiscoveryProtocol, type DiscoveryReply } from './probe-udp.js';
import { ipv4ToNumber, numberToIpv4, type Target } from './targets.js';

/** A local IPv4 link: the interface's own address and its subnet as a 32-bit range. */
export interface LocalLink {
  address: string;
  start: number;
  end: number;
}

/**
 * The local links whose subnets hold any of the targets: multicast discovery goes only there, so a
 * scan of one network never sends discovery onto another.
 */
export function linksForTargets(targets: readonly Target[]): LocalLink[] {
  const links: LocalLink[] = [];
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      const bits = Number(a.cidr?.split('/')[1] ?? 32);
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      const start = (ipv4ToNumber(a.address) & mask) >>> 0;
      const link = { address: a.address, start, end: (start | (~mask >>> 0)) >>> 0 };
      if (targets.some((t) => t.kind === 'ipv4' && t.start <= link.end && t.end >= link.start))
        links.push(link);
    }
  }
  return links;
}

/** The link's directed broadcast address; none on a /31 or /32, which have no broadcast. */
export function linkBroadcast(link: LocalLink): string | undefined {
  return link.end - link.start >= 3 ? numberToIpv4(link.end) : undefined;
}

/**
 * Sends each discovery request to its multicast group on the given links (TTL 1), or for a
 * broadcast protocol (DVRIP) to each link's own broadcast address, and collects the replies from
 * addresses `accept` allows. Binds the protocol's own port where it can, since many SADP firmwares
 * multicast their reply to 239.255.255.250:37020 rather than answer the sender.
 */
export async function discoverMulticast(o: {
  links: readonly LocalLink[];
  windowMs: number;
  accept: (address: string) => boolean;
  protocols?: readonly DiscoveryProtocol[];
}): Promise<DiscoveryReply[]> {
  if (o.links.length === 0) return [];
  const own = new Set(o.links.map((l) => l.address));
  const replies: DiscoveryReply[] = [];
  const sockets: Socket[] = [];
  try {
    for (const protocol of o.protocols ?? discoveryProtocols) {
      const socket = await bindForGroup(protocol, o.links);
      sockets.push(socket);
      socket.on('message', (data, rinfo) => {
        if (own.has(rinfo.address) || !o.accept(rinfo.address) || replies.length > 10_000) return;
        replies.push({
          protocol: protocol.name,
          address: rinfo.address,
          data: new Uint8Array(data),
        });
      });
      sendOnLinks(socket, protocol, o.links);
    }
    await new Promise((r) => setTimeout(r, o.windowMs));
  } finally {
    for (const s of sockets) s.close();
  }
  return replies;
}

function sendOnLinks(
  socket: Socket,
  protocol: DiscoveryProtocol,
  links: readonly LocalLink[],
): void {
  for (const link of links) {
    if (protocol.group === 'broadcast') {
      const to = linkBroadcast(link);
      if (to !== undefined) socket.send(protocol.payload(), protocol.port, to);
      continue;
    }
    socket.setMulticastInterface(link.address);
    socket.send(protocol.payload(), protocol.port, protocol.group);
  }
}

async function bindForGroup(
  protocol: DiscoveryProtocol,
  links: readonly LocalLink[],
): Promise<Socket> {
  const open = (port: number): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = createSocket({ type: 'udp4', reuseAddr: true });
      s.once('error', reject);
      s.bind(port, () => {
        s.removeListener('error', reject);
        s.on('error', () => undefined);
        resolve(s);
      });
    });
  let socket: Socket;
  try {
    socket = await open(protocol.port);
  } catch {
    socket = await open(0);
  }
  if (protocol.group === 'broadcast') {
    socket.setBroadcast(true);
    return socket;
  }
  socket.setMulticastTTL(1);
  socket.setMulticastLoopback(false);
  for (const link of links) {
    try {
      socket.addMembership(protocol.group, link.address);
    } catch {
      // A link without multicast still gets unicast replies to our source port.
    }
  }
  return socket;
}
