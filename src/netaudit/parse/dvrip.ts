// Dahua's legacy DVRIP discovery on UDP 5050 (network-fingerprints.md §2.2). Byte layout from
// julienblitte/UniversalScanner `Dahua1.cs` (header and section lengths) and mcw0/Tools
// `Dahua-JSON-Debug-Console-v2.py` `dh_discover` (the 88-byte body), re-expressed:
//
//   header (32 bytes): 0 magic 0xa3 request / 0xb3 reply; 2 LE u16 length of the MAC section;
//     4 LE u32 body length, 0x58 in replies; 16 protocol version 2; 20 LE u16 text length.
//   body (88 bytes): 0 version 4 x LE u16; 8 host name [16]; 24 IPv4, mask, gateway, DNS (4 bytes
//     each, in address order); 62 web port, 64 HTTPS port, 66 DVRIP TCP port, 72 UDP port (LE u16).
//   then the MAC section ("aa:bb:cc:dd:ee:ff", sometimes followed by the device type) and a text
//   section of `Key:Value` lines (`Name:`, `Device:`, `IPv6Addr:`, `SerialNo:`).
import type { Observation } from '../observation.js';
import { definedOnly } from './dhip.js';

export const dvripPort = 5050;
const headerSize = 32;
const bodySize = 0x58;
/** Bytes after the binary part looked at; real replies carry a few hundred. */
const maxTail = 2048;
const maxField = 128;

/** What a DVRIP discovery reply says about a device; absent fields were empty or unreadable. */
export interface DvripReply {
  /** The binary version field, `a.b.c.d`. */
  version: string;
  hostname?: string;
  ipv4?: string;
  mask?: string;
  gateway?: string;
  dns?: string;
  httpPort?: number;
  httpsPort?: number;
  tcpPort?: number;
  udpPort?: number;
  mac?: string;
  /** `Name:` line. */
  name?: string;
  /** `Device:` line, or the device type after the MAC. */
  model?: string;
  ipv6?: string;
  serial?: string;
}

/**
 * The smallest well-formed DVRIP search: 32 bytes, `a3 01 00 01`, then zeros with `02` at offset
 * 0x10 (network-fingerprints.md §2.2; the same bytes in DahuaConsole and UniversalScanner).
 */
export function buildDvripSearch(): Uint8Array {
  const out = new Uint8Array(headerSize);
  out.set([0xa3, 0x01, 0x00, 0x01], 0);
  out[0x10] = 0x02;
  return out;
}

/** True when a datagram is a DVRIP search request (what a scanner sends, never a device). */
export function isDvripSearch(bytes: Uint8Array): boolean {
  return bytes.length >= headerSize && bytes[0] === 0xa3 && bytes[1] === 0x01;
}

/**
 * Parses a DVRIP discovery reply. Total: any bytes give a reply or `null` (wrong magic, wrong body
 * length, too short), never a throw; work is bounded by `maxTail` whatever the input's size.
 */
export function parseDvripReply(bytes: Uint8Array): DvripReply | null {
  if (bytes.length < headerSize + bodySize || bytes[0] !== 0xb3) return null;
  const u16 = (at: number): number => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
  const u32 = (at: number): number => (u16(at) + u16(at + 2) * 0x10000) >>> 0;
  if (u32(4) !== bodySize) return null;
  const b = headerSize;
  const port = (at: number): number | undefined => u16(b + at) || undefined;
  const reply: DvripReply = {
    version: [0, 2, 4, 6].map((i) => u16(b + i)).join('.'),
    ...definedOnly({
      hostname: cleanText(bytes.subarray(b + 8, b + 24)),
      ipv4: address(bytes, b + 24),
      mask: address(bytes, b + 28),
      gateway: address(bytes, b + 32),
      dns: address(bytes, b + 36),
    }),
    ...definedOnly({
      httpPort: port(62),
      httpsPort: port(64),
      tcpPort: port(66),
      udpPort: port(72),
    }),
  };
  const tail = bytes.subarray(b + bodySize, b + bodySize + maxTail);
  const macLength = Math.min(u16(2), tail.length);
  return { ...reply, ...macSection(tail.subarray(0, macLength)), ...textSection(tail, macLength) };
}

/** Observations from a reply: device facts, its host name, and UDP 5050 as answering. */
export function dvripObservations(r: DvripReply): Observation[] {
  const ports = definedOnly({
    httpPort: r.httpPort?.toString(),
    httpsPort: r.httpsPort?.toString(),
    tcpPort: r.tcpPort?.toString(),
    udpPort: r.udpPort?.toString(),
  });
  const extra = { version: r.version, ...definedOnly({ ipv4: r.ipv4, ipv6: r.ipv6 }), ...ports };
  const out: Observation[] = [
    {
      kind: 'device-info',
      source: 'dvrip',
      ...definedOnly({ model: r.model, serial: r.serial, mac: r.mac }),
      extra,
    },
    { kind: 'open-port', source: 'dvrip', port: dvripPort, protocol: 'udp' },
  ];
  const hostname = r.hostname ?? r.name;
  if (hostname !== undefined) out.push({ kind: 'hostname', source: 'dvrip', name: hostname });
  return out;
}

/** Four bytes in address order; `0.0.0.0` is "not set". */
function address(bytes: Uint8Array, at: number): string | undefined {
  const parts = [...bytes.subarray(at, at + 4)];
  return parts.length === 4 && parts.some((p) => p !== 0) ? parts.join('.') : undefined;
}

/** Printable ASCII up to the first NUL, trimmed and bounded; undefined when empty or binary. */
function cleanText(bytes: Uint8Array): string | undefined {
  let s = '';
  for (const c of bytes.subarray(0, maxField)) {
    if (c === 0) break;
    if (c < 0x20 || c > 0x7e) return undefined;
    s += String.fromCharCode(c);
  }
  s = s.trim();
  return s === '' ? undefined : s;
}

const macPattern = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

/** The MAC section: the MAC, then (on some firmware) the device type. */
function macSection(bytes: Uint8Array): Pick<DvripReply, 'mac' | 'model'> {
  const mac = cleanText(bytes.subarray(0, 17));
  const rest = cleanText(bytes.subarray(17));
  return {
    ...(mac !== undefined && macPattern.test(mac) ? { mac: mac.toLowerCase() } : {}),
    ...(rest === undefined ? {} : { model: rest }),
  };
}

const textKeys = new Map<string, 'name' | 'model' | 'ipv6' | 'serial'>([
  ['Name', 'name'],
  ['Device', 'model'],
  ['IPv6Addr', 'ipv6'],
  ['SerialNo', 'serial'],
]);

/** `Key:Value` lines after the MAC section; only the keys above, first value wins. */
function textSection(tail: Uint8Array, from: number): Partial<DvripReply> {
  const out: Partial<Record<'name' | 'model' | 'ipv6' | 'serial', string>> = {};
  let line = '';
  const take = (): void => {
    const colon = line.indexOf(':');
    const key = colon > 0 ? textKeys.get(line.slice(0, colon).trim()) : undefined;
    const value = line.slice(colon + 1).trim();
    if (key !== undefined && value !== '' && out[key] === undefined && value.length <= maxField)
      out[key] = value;
    line = '';
  };
  for (const c of tail.subarray(from)) {
    if (c === 0x0a || c === 0x0d || c === 0) take();
    else if (c >= 0x20 && c <= 0x7e) line += String.fromCharCode(c);
    else line = '\u0000'; // a binary byte spoils the line: it cannot match a key any more
  }
  take();
  return out;
}
