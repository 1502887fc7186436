// The device side of Dahua's legacy DVRIP discovery (UDP 5050): a reply as Dahua firmware and its
// OEMs send it, laid out per UniversalScanner `Dahua1.cs` and DahuaConsole `dh_discover`
// (network-fingerprints.md §2.2; see src/netaudit/parse/dvrip.ts for the field map).
import { concatBytes, utf8 } from './wire-http.js';
import type { DeviceContext } from './types.js';

/** Fields of a DVRIP discovery reply that differ between devices. */
export interface DvripFields {
  /** The 16-byte host-name field (15 characters at most). */
  hostname: string;
  model: string;
  /** Firmware, e.g. `2.800.0000000.16.R.200422`; its numbers fill the binary version field. */
  firmware: string;
  /** Also send the device type after the MAC (older firmware does). */
  modelAfterMac: boolean;
}

/** A DVRIP discovery reply for this device: 32-byte header, 88-byte body, MAC, `Key:Value` text. */
export function buildDvripReply(f: DvripFields, d: DeviceContext): Uint8Array {
  const macSection = utf8(f.modelAfterMac ? `${d.mac}${f.model}` : d.mac);
  const text = utf8(
    `Name:${d.serial}\r\nDevice:${f.model}\r\nIPv6Addr:::/64;gateway:::\r\nSerialNo:${d.serial}\r\n`,
  );
  const header = new Uint8Array(32);
  const hv = new DataView(header.buffer);
  header[0] = 0xb3;
  hv.setUint16(2, macSection.length, true);
  hv.setUint32(4, 0x58, true);
  hv.setUint32(16, 2, true);
  hv.setUint16(20, text.length, true);
  const body = new Uint8Array(0x58);
  const bv = new DataView(body.buffer);
  // The first four dotted parts of the firmware; a part that is not a number counts as 0.
  const version = f.firmware.split('.').slice(0, 4);
  version.forEach((part, i) => bv.setUint16(i * 2, Number(part) & 0xffff, true));
  body.set(utf8(f.hostname).subarray(0, 15), 8);
  body.set(d.address.split('.').map(Number), 24);
  body.set([255, 0, 0, 0], 28);
  const ports: Array<[number, number]> = [
    [62, d.ports['80'] ?? 80],
    [64, d.ports['443'] ?? 443],
    [66, d.ports['37777'] ?? 37777],
    [68, 10], // most connections
    [72, 37778],
  ];
  for (const [at, port] of ports) bv.setUint16(at, port, true);
  return concatBytes(header, body, macSection, text);
}
