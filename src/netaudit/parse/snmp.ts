import { ParseError } from '../../shared/errors.js';
import type { Observation } from '../observation.js';

/** sysDescr.0 and sysObjectID.0 (RFC 3418): what a device says it is, read with a community the user gives. */
export const sysDescr = '1.3.6.1.2.1.1.1.0';
export const sysObjectId = '1.3.6.1.2.1.1.2.0';

function tlv(tag: number, body: readonly number[]): number[] {
  const n = body.length;
  const len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255];
  return [tag, ...len, ...body];
}

function encodeInt(n: number): number[] {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 255);
    v = Math.floor(v / 256);
  } while (v > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, bytes);
}

function encodeOid(oid: string): number[] {
  const arcs = oid.split('.').map(Number);
  const body = [40 * (arcs[0] ?? 0) + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 127];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift((v & 127) | 128);
    body.push(...chunk);
  }
  return tlv(0x06, body);
}

/** An SNMPv2c GetRequest for the given OIDs: a read, never a set. */
export function buildSnmpGet(
  community: string,
  requestId: number,
  oids: readonly string[],
): Uint8Array {
  const varbinds = oids.flatMap((oid) => tlv(0x30, [...encodeOid(oid), 0x05, 0x00]));
  const pdu = tlv(0xa0, [
    ...encodeInt(requestId),
    ...encodeInt(0),
    ...encodeInt(0),
    ...tlv(0x30, varbinds),
  ]);
  return new Uint8Array(
    tlv(0x30, [...encodeInt(1), ...tlv(0x04, [...new TextEncoder().encode(community)]), ...pdu]),
  );
}

interface Node {
  tag: number;
  start: number;
  end: number;
}

function read(b: Uint8Array, at: number, limit: number): Node {
  const tag = b[at];
  let len = b[at + 1];
  if (tag === undefined || len === undefined)
    throw new ParseError('snmp', 'truncated', `byte ${at}`);
  let start = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 3) throw new ParseError('snmp', 'bad length', `byte ${at + 1}`);
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + (b[start + i] ?? 0);
    start += count;
  }
  if (start + len > limit) throw new ParseError('snmp', 'length past the end', `byte ${at}`);
  return { tag, start, end: start + len };
}

function children(b: Uint8Array, n: Node): Node[] {
  const out: Node[] = [];
  for (let at = n.start; at < n.end && out.length < 64;) {
    const c = read(b, at, n.end);
    out.push(c);
    at = c.end;
  }
  return out;
}

function decodeOid(b: Uint8Array, n: Node): string {
  const first = b[n.start] ?? 0;
  const arcs = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (let i = n.start + 1; i < n.end; i++) {
    const byte = b[i] ?? 0;
    v = v * 128 + (byte & 127);
    if (!(byte & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** Parses a GetResponse into an snmp observation (sysObjectID, sysDescr). */
export function parseSnmpResponse(b: Uint8Array): Extract<Observation, { kind: 'snmp' }> {
  const [, , pdu] = children(b, read(b, 0, b.length));
  if (pdu?.tag !== 0xa2) throw new ParseError('snmp', 'not a GetResponse');
  const varbinds = children(b, pdu)[3];
  const out: Extract<Observation, { kind: 'snmp' }> = { kind: 'snmp', source: 'snmp' };
  for (const vb of varbinds ? children(b, varbinds) : []) {
    const [name, value] = children(b, vb);
    if (name?.tag !== 0x06 || value === undefined) continue;
    const oid = decodeOid(b, name);
    if (oid === sysObjectId && value.tag === 0x06) out.sysObjectId = decodeOid(b, value);
    if (oid === sysDescr && value.tag === 0x04)
      out.sysDescr = new TextDecoder().decode(
        b.subarray(value.start, Math.min(value.end, value.start + 512)),
      );
  }
  return out;
}
