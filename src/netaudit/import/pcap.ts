// Capture files -> host observations. Classic libpcap (either byte order, micro- or nanosecond
// magic) and pcapng. A bad file header is a ParseError; a bad packet is skipped and counted.
import { ParseError } from '../../shared/errors.js';
import { decodeFrame, isSupportedLinkType, maxRecordBytes, type FrameItem } from './packet.js';
import { PcapObserver } from './pcap-observer.js';
import { isPcapng, pcapngFrames } from './pcapng.js';
import { SkipList, type ImportResult } from './result.js';

const source = 'pcap';
const magics = new Set([0xa1b2c3d4, 0xa1b23c4d]); // micro- and nanosecond timestamps

/** What `parsePcap` adds to an ImportResult: records read (a cut-off last one included) and skipped. */
export interface PcapResult extends ImportResult {
  packets: number;
  skippedPackets: number;
}

/** Reads the packets of a pcap or pcapng file. */
export function parsePcap(bytes: Uint8Array): PcapResult {
  const frames = isPcapng(bytes) ? pcapngFrames(bytes) : classicFrames(bytes);
  const skipped = new SkipList();
  const observer = new PcapObserver(skipped);
  let packets = 0;
  let bad = 0;
  for (const item of frames) {
    packets++;
    const decoded =
      'problem' in item
        ? { ok: false as const, issues: [item.problem] }
        : decodeFrame(item.linkType, item.data);
    if (!decoded.ok) {
      skipped.add(`packet ${packets}`, decoded.issues.join('; '));
      bad++;
    } else if (decoded.value !== undefined) observer.observe(packets, decoded.value);
  }
  return { hosts: observer.hosts(), skipped: skipped.toArray(), packets, skippedPackets: bad };
}

function* classicFrames(bytes: Uint8Array): Generator<FrameItem> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24) throw new ParseError(source, 'too short for a pcap file header', 'byte 0');
  const little = magics.has(view.getUint32(0, true));
  if (!little && !magics.has(view.getUint32(0, false)))
    throw new ParseError(source, 'not a pcap file (unknown magic number)', 'byte 0');
  const major = view.getUint16(4, little);
  if (major !== 2) throw new ParseError(source, `pcap version ${major} not supported`, 'byte 4');
  // The upper bits of the link-type field carry FCS information.
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  if (!isSupportedLinkType(linkType)) {
    const message = `link type ${linkType} not supported (Ethernet, Linux cooked, raw IP)`;
    throw new ParseError(source, message, 'byte 20');
  }
  for (let offset = 24; offset < bytes.length;) {
    if (offset + 16 > bytes.length) {
      yield { problem: 'record header truncated (file cut short)' };
      return;
    }
    const captured = view.getUint32(offset + 8, little);
    if (captured > maxRecordBytes) {
      yield { problem: 'record length is implausible; rest of file unreadable' };
      return;
    }
    if (offset + 16 + captured > bytes.length) {
      yield { problem: 'packet truncated (file cut short)' };
      return;
    }
    yield { linkType, data: bytes.subarray(offset + 16, offset + 16 + captured) };
    offset += 16 + captured;
  }
}
