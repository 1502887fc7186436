import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { buildSnmpGet, parseSnmpResponse, sysDescr, sysObjectId } from './snmp.js';

/** A GetResponse built the way an agent would, for the test. */
function response(descr: string, objectId: string): Uint8Array {
  const get = [...buildSnmpGet('public', 7, [sysDescr, sysObjectId])];
  // Rewrite: tag A0 -> A2 and fill the values by building a fresh message with the same encoder shape.
  const enc = (tag: number, body: number[]): number[] => [
    tag,
    ...(body.length < 128 ? [body.length] : [0x81, body.length]),
    ...body,
  ];
  const oid = (s: string): number[] => {
    const a = s.split('.').map(Number);
    const body = [40 * (a[0] ?? 0) + (a[1] ?? 0)];
    for (const arc of a.slice(2)) {
      const chunk = [arc & 127];
      for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
        chunk.unshift((v & 127) | 128);
      body.push(...chunk);
    }
    return enc(6, body);
  };
  const vbs = enc(0x30, [
    ...enc(0x30, [...oid(sysDescr), ...enc(4, [...new TextEncoder().encode(descr)])]),
    ...enc(0x30, [...oid(sysObjectId), ...oid(objectId)]),
  ]);
  const pdu = enc(0xa2, [2, 1, 7, 2, 1, 0, 2, 1, 0, ...vbs]);
  expect(get[0]).toBe(0x30);
  return new Uint8Array(
    enc(0x30, [2, 1, 1, ...enc(4, [...new TextEncoder().encode('public')]), ...pdu]),
  );
}

describe('SNMP', () => {
  it('builds a v2c GetRequest', () => {
    const b = buildSnmpGet('public', 1, [sysDescr]);
    expect([...b.subarray(0, 2)]).toEqual([0x30, b.length - 2]);
    expect(Buffer.from(b).includes(Buffer.from('public'))).toBe(true);
  });
  it('reads sysObjectID and sysDescr from a response', () => {
    expect(
      parseSnmpResponse(response('Hikvision DS-2CD2143G0-I', '1.3.6.1.4.1.39165.1.1')),
    ).toEqual({
      kind: 'snmp',
      source: 'snmp',
      sysDescr: 'Hikvision DS-2CD2143G0-I',
      sysObjectId: '1.3.6.1.4.1.39165.1.1',
    });
  });
  it('never throws anything but ParseError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        try {
          parseSnmpResponse(b);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
    );
  });
});
