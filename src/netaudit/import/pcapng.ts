// pcapng (draft-ietf-opsawg-pcapng) blocks -> frames: Section Header, Interface Description,
// Enhanced and Simple Packet Blocks. Other blocks (statistics, name resolution, …) are skipped.
import { ParseError } from '../../shared/errors.js';
import { isSupportedLinkType, maxRecordBytes, type FrameItem } from './packet.js';

const shbType = 0x0a0d0d0a;
const byteOrderMagic = 0x1a2b3c4d;

/** True when the bytes start with a pcapng Section Header Block. */
export function isPcapng(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x0a &&
    bytes[1] === 0x0d &&
    bytes[2] === 0x0d &&
    bytes[3] === 0x0a
  );
}

interface Iface {
  linkType: number;
  snapLen: number;
}

/** The frames of a pcapng file; ParseError when the first section header is bad. */
export function* pcapngFrames(bytes: Uint8Array): Generator<FrameItem> {
  if (bytes.length < 28)
    throw new ParseError('pcap', 'too short for a pcapng section header', 'byte 0');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let little = true;
  let ifaces: Iface[] = [];
  for (let offset = 0; offset + 12 <= bytes.length;) {
    // The section header's type reads the same in either byte order; its body says which one.
    const type = view.getUint32(offset, little);
    if (type === shbType) {
      const order = view.getUint32(offset + 8, true);
      if (order !== byteOrderMagic && order !== 0x4d3c2b1a) {
        if (offset === 0)
          throw new ParseError('pcap', 'pcapng section header has no byte-order magic', 'byte 8');
        yield { problem: 'bad pcapng section header; rest of file unreadable' };
        return;
      }
      little = order === byteOrderMagic;
      ifaces = [];
    }
    const length = view.getUint32(offset + 4, little);
    if (
      length < 12 ||
      length % 4 !== 0 ||
      length > maxRecordBytes + 64 ||
      offset + length > bytes.length
    ) {
      if (offset === 0)
        throw new ParseError('pcap', 'pcapng section header has a bad length', 'byte 4');
      yield { problem: 'pcapng block length is bad (file cut short?); rest of file unreadable' };
      return;
    }
    const body = bytes.subarray(offset + 8, offset + length - 4);
    const item = readBlock(
      type,
      body,
      new DataView(body.buffer, body.byteOffset, body.byteLength),
      little,
      ifaces,
    );
    if (item !== undefined) yield item;
    offset += length;
  }
}

function readBlock(
  type: number,
  body: Uint8Array,
  view: DataView,
  little: boolean,
  ifaces: Iface[],
): FrameItem | undefined {
  if (type === 1) {
    if (body.length < 8) return { problem: 'pcapng interface block truncated' };
    ifaces.push({ linkType: view.getUint16(0, little), snapLen: view.getUint32(4, little) });
    return undefined;
  }
  if (type === 6) {
    if (body.length < 20) return { problem: 'pcapng packet block truncated' };
    const iface = ifaces[view.getUint32(0, little)];
    const captured = view.getUint32(12, little);
    if (20 + captured > body.length) return { problem: 'pcapng packet block truncated' };
    return frame(iface, body.subarray(20, 20 + captured));
  }
  if (type === 3) {
    if (body.length < 4) return { problem: 'pcapng packet block truncated' };
    const iface = ifaces[0];
    const original = view.getUint32(0, little);
    const captured = Math.min(original, body.length - 4, iface?.snapLen || Number.MAX_SAFE_INTEGER);
    return frame(iface, body.subarray(4, 4 + captured));
  }
  return undefined;
}

function frame(iface: Iface | undefined, data: Uint8Array): FrameItem {
  if (iface === undefined) return { problem: 'packet names an undescribed interface' };
  if (!isSupportedLinkType(iface.linkType))
    return { problem: `link type ${iface.linkType} not supported` };
  return { linkType: iface.linkType, data };
}
