// One captured frame -> the IP/UDP/TCP facts the pcap importer needs. Link layers: Ethernet (with
// 802.1Q/802.1ad tags), Linux cooked capture v1 and v2, raw IP. Never throws: bad frames are values.
import type { Result } from '../../shared/errors.js';
import { formatIpv6, macFromBytes } from './address.js';

/** Link types (pcap LINKTYPE_*) this decoder reads. */
export const linkTypes = {
  ethernet: 1,
  raw: 101,
  linuxSll: 113,
  ipv4: 228,
  ipv6: 229,
  linuxSll2: 276,
} as const;

/** True when the link type is one `decodeFrame` reads. */
export function isSupportedLinkType(linkType: number): boolean {
  return (Object.values(linkTypes) as number[]).includes(linkType);
}

/** Larger records than this cannot come from a real capture: the file is corrupt past here. */
export const maxRecordBytes = 1 << 20;

/** One captured frame from a capture file, or why the file could not yield the next one. */
export type FrameItem = { linkType: number; data: Uint8Array } | { problem: string };

/** The parts of a UDP or TCP packet the importer uses. */
export interface Packet {
  srcMac?: string;
  family: 4 | 6;
  srcIp: string;
  dstIp: string;
  protocol: 'udp' | 'tcp';
  srcPort: number;
  dstPort: number;
  /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10). */
  tcpFlags?: number;
  payload: Uint8Array;
}

/** A UDP/TCP packet, undefined for frames of no interest (ARP, ICMP, later fragments), or why not. */
export type Decoded = Result<Packet | undefined>;

const fail = (reason: string): Decoded => ({ ok: false, issues: [reason] });
const none: Decoded = { ok: true, value: undefined };

const u16 = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

/** Decodes one frame of the given link type. */
export function decodeFrame(linkType: number, frame: Uint8Array): Decoded {
  let etherType: number;
  let offset: number;
  let srcMac: string | undefined;
  if (linkType === linkTypes.ethernet) {
    if (frame.length < 14) return fail('Ethernet header truncated');
    srcMac = macFromBytes(frame, 6);
    [etherType, offset] = [u16(frame, 12), 14];
  } else if (linkType === linkTypes.linuxSll) {
    if (frame.length < 16) return fail('Linux cooked header truncated');
    if (u16(frame, 2) === 1 && u16(frame, 4) === 6) srcMac = macFromBytes(frame, 6);
    [etherType, offset] = [u16(frame, 14), 16];
  } else if (linkType === linkTypes.linuxSll2) {
    if (frame.length < 20) return fail('Linux cooked v2 header truncated');
    if (u16(frame, 8) === 1 && frame[11] === 6) srcMac = macFromBytes(frame, 12);
    [etherType, offset] = [u16(frame, 0), 20];
  } else {
    const version = (frame[0] ?? 0) >> 4;
    return decodeIp(version === 6 ? 0x86dd : 0x0800, frame, 0, undefined);
  }
  // Up to two VLAN tags (802.1Q, QinQ).
  for (let tags = 0; tags < 2 && (etherType === 0x8100 || etherType === 0x88a8); tags++) {
    if (frame.length < offset + 4) return fail('VLAN tag truncated');
    etherType = u16(frame, offset + 2);
    offset += 4;
  }
  return decodeIp(etherType, frame, offset, srcMac);
}

function decodeIp(etherType: number, f: Uint8Array, at: number, srcMac?: string): Decoded {
  const mac = srcMac === undefined ? {} : { srcMac };
  if (etherType === 0x0800) {
    if (f.length < at + 20 || (f[at] ?? 0) >> 4 !== 4) return fail('IPv4 header truncated or bad');
    const headerLen = ((f[at] ?? 0) & 0x0f) * 4;
    const total = u16(f, at + 2);
    if (headerLen < 20 || total < headerLen || f.length < at + headerLen)
      return fail('IPv4 header length is bad');
    if ((u16(f, at + 6) & 0x1fff) !== 0) return none; // a later fragment: no transport header
    const ip = { ...mac, family: 4 as const, srcIp: ipv4(f, at + 12), dstIp: ipv4(f, at + 16) };
    const end = Math.min(f.length, at + total);
    return decodeTransport(f[at + 9] ?? 0, f.subarray(at + headerLen, end), ip);
  }
  if (etherType === 0x86dd) {
    if (f.length < at + 40 || (f[at] ?? 0) >> 4 !== 6) return fail('IPv6 header truncated or bad');
    const ip = { ...mac, family: 6 as const, srcIp: ipv6(f, at + 8), dstIp: ipv6(f, at + 24) };
    let next = f[at + 6] ?? 0;
    let offset = at + 40;
    const end = Math.min(f.length, offset + u16(f, at + 4));
    for (let hops = 0; hops < 8 && [0, 43, 44, 60].includes(next); hops++) {
      if (end < offset + 8) return fail('IPv6 extension header truncated');
      if (next === 44 && (u16(f, offset + 2) & 0xfff8) !== 0) return none;
      const len = next === 44 ? 8 : ((f[offset + 1] ?? 0) + 1) * 8;
      next = f[offset] ?? 0;
      offset += len;
    }
    if (offset > end) return fail('IPv6 extension header truncated');
    return decodeTransport(next, f.subarray(offset, end), ip);
  }
  return none;
}

function decodeTransport(
  protocol: number,
  seg: Uint8Array,
  ip: Pick<Packet, 'family' | 'srcIp' | 'dstIp' | 'srcMac'>,
): Decoded {
  if (protocol === 17) {
    if (seg.length < 8) return fail('UDP header truncated');
    const len = u16(seg, 4);
    if (len < 8) return fail('UDP length is bad');
    const payload = seg.subarray(8, Math.min(seg.length, len));
    const ports = { srcPort: u16(seg, 0), dstPort: u16(seg, 2) };
    return { ok: true, value: { ...ip, protocol: 'udp', ...ports, payload } };
  }
  if (protocol === 6) {
    if (seg.length < 20) return fail('TCP header truncated');
    const headerLen = ((seg[12] ?? 0) >> 4) * 4;
    if (headerLen < 20) return fail('TCP header length is bad');
    const ports = { srcPort: u16(seg, 0), dstPort: u16(seg, 2), tcpFlags: seg[13] ?? 0 };
    const payload = seg.subarray(Math.min(seg.length, headerLen));
    return { ok: true, value: { ...ip, protocol: 'tcp', ...ports, payload } };
  }
  return none;
}

function ipv4(b: Uint8Array, at: number): string {
  return `${b[at] ?? 0}.${b[at + 1] ?? 0}.${b[at + 2] ?? 0}.${b[at + 3] ?? 0}`;
}

function ipv6(b: Uint8Array, at: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(u16(b, at + 2 * i));
  return formatIpv6(words);
}
