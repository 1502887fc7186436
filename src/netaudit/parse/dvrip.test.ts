import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDvripReply } from '../lab/wire-dvrip.js';
import { fixedContext } from '../lab/lab-test-clients.js';
import { parseDiscoveryReply } from './discovery.js';
import { buildDvripSearch, isDvripSearch, parseDvripReply } from './dvrip.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const ascii = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

// A reply written out by hand from the layout in dvrip.ts (independent of the lab's encoder).
const header = `b3 00 1100 58000000 0000000000000000 02000000 3a00 0000 0000000000000000`;
const body = [
  '0200 2003 0000 1000', // version 2.800.0.16
  ascii('IPC').padEnd(32, '0'), // host name [16]
  'c000026c ffffff00 c0000201 08080808', // IPv4, mask, gateway, DNS
  '00'.repeat(22),
  '5000 bb01 9193 0a00 0000 9293', // web 80, https 443, tcp 37777, max 10, ssl 0, udp 37778
  '00'.repeat(14),
].join('');
const mac = ascii('3C:EF:8C:12:34:56');
const text = ascii(
  'Name:IPC-Garage\r\nDevice:IPC-HDW1230T1\r\nIPv6Addr:::/64\r\nSerialNo:7G01234PAG1A2B\r\n',
);
const golden = hex(header + body + mac + text);

const context = fixedContext('127.77.9.2', '3c:ef:8c:00:00:02', 'AMC0123456789ABCDE');

describe('DVRIP search request', () => {
  it('is the 32-byte search of the reference: a3 01 00 01, then 02 at 0x10', () => {
    const search = buildDvripSearch();
    expect(Buffer.from(search).toString('hex')).toBe(
      `a3010001${'00'.repeat(12)}02${'00'.repeat(15)}`,
    );
    expect(isDvripSearch(search)).toBe(true);
    expect(parseDvripReply(search)).toBeNull();
  });
});

describe('DVRIP replies', () => {
  it('reads the binary fields, the MAC and the text lines', () => {
    expect(parseDvripReply(golden)).toEqual({
      version: '2.800.0.16',
      hostname: 'IPC',
      ipv4: '192.0.2.108',
      mask: '255.255.255.0',
      gateway: '192.0.2.1',
      dns: '8.8.8.8',
      httpPort: 80,
      httpsPort: 443,
      tcpPort: 37777,
      udpPort: 37778,
      mac: '3c:ef:8c:12:34:56',
      name: 'IPC-Garage',
      model: 'IPC-HDW1230T1',
      ipv6: '::/64',
      serial: '7G01234PAG1A2B',
    });
  });

  const lab = (modelAfterMac: boolean) =>
    buildDvripReply(
      { hostname: 'IPC', model: 'IP4M-1041B', firmware: '2.800.00AC006.0.R.211224', modelAfterMac },
      context,
    );
  const cut = (bytes: Uint8Array, n: number) => bytes.subarray(0, n);
  const withByte = (bytes: Uint8Array, at: number, v: number) => {
    const copy = Uint8Array.from(bytes);
    copy[at] = v;
    return copy;
  };
  it.each([
    ['the lab encoder, MAC only', lab(false), { model: 'IP4M-1041B', mac: context.mac }],
    ['the lab encoder, device type after the MAC', lab(true), { model: 'IP4M-1041B' }],
    ['the binary part alone', cut(golden, 120), { hostname: 'IPC', tcpPort: 37777 }],
    ['a cut inside the text', cut(golden, 120 + 17 + 20), { mac: '3c:ef:8c:12:34:56' }],
  ] as const)('reads %s', (_, bytes, expected) => {
    const r = parseDvripReply(bytes);
    expect(r).toMatchObject(expected);
    expect(r?.httpPort).toBeGreaterThan(0);
  });

  it.each([
    ['nothing', new Uint8Array()],
    ['a cut inside the body', cut(golden, 119)],
    ['the request magic', withByte(golden, 0, 0xa3)],
    ['a DHIP-sized header', withByte(golden, 4, 0x20)],
    ['text only', new TextEncoder().encode('Device:IPC-HDW1230T1\r\n'.repeat(20))],
  ])('refuses %s', (_, bytes) => {
    expect(parseDvripReply(bytes)).toBeNull();
  });

  it('drops binary or over-long text and takes the first of repeated keys', () => {
    const noisy = hex(
      header +
        body +
        ascii('not-a-mac-at-all!') +
        ascii(`Device:\u0001bad\r\nDevice:ok-1\r\nDevice:ok-2\r\nSerialNo:${'x'.repeat(200)}\r\n`),
    );
    const r = parseDvripReply(noisy);
    expect(r).toMatchObject({ model: 'ok-1' });
    expect(r?.mac).toBeUndefined();
    expect(r?.serial).toBeUndefined();
  });

  it('becomes a device-info, a host name and UDP 5050 in parseDiscoveryReply', () => {
    expect(parseDiscoveryReply('dvrip', golden)).toEqual({
      ok: true,
      value: [
        {
          kind: 'device-info',
          source: 'dvrip',
          model: 'IPC-HDW1230T1',
          serial: '7G01234PAG1A2B',
          mac: '3c:ef:8c:12:34:56',
          extra: {
            version: '2.800.0.16',
            ipv4: '192.0.2.108',
            ipv6: '::/64',
            httpPort: '80',
            httpsPort: '443',
            tcpPort: '37777',
            udpPort: '37778',
          },
        },
        { kind: 'open-port', source: 'dvrip', port: 5050, protocol: 'udp' },
        { kind: 'hostname', source: 'dvrip', name: 'IPC' },
      ],
    });
    expect(parseDiscoveryReply('dvrip', cut(golden, 40))).toEqual({
      ok: false,
      issues: ['not a DVRIP discovery reply'],
    });
  });

  it('is total: random, truncated and corrupted buffers give a reply or null, never a throw', () => {
    const mutate = fc
      .tuple(fc.nat({ max: golden.length }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 }))))
      .map(([n, edits]) => {
        const b = Uint8Array.from(golden.subarray(0, n));
        for (const [at, v] of edits) if (b.length > 0) b[at % b.length] = v;
        return b;
      });
    const random = fc.uint8Array({ maxLength: 4096 }).map((b) => {
      if (b.length > 8) [b[0], b[4], b[5], b[6], b[7]] = [0xb3, 0x58, 0, 0, 0];
      return b;
    });
    fc.assert(
      fc.property(fc.oneof(mutate, random, fc.uint8Array({ maxLength: 512 })), (bytes) => {
        const r = parseDvripReply(bytes);
        if (r !== null) {
          for (const v of Object.values(r)) expect(String(v).length).toBeLessThanOrEqual(200);
        }
        expect(parseDiscoveryReply('dvrip', bytes).ok).toBe(r !== null);
      }),
      { numRuns: 2000 },
    );
  });

  it('does bounded work on a huge reply', () => {
    const huge = new Uint8Array(16 * 1024 * 1024).fill(0x41);
    huge.set(golden.subarray(0, 120));
    const started = performance.now();
    expect(parseDvripReply(huge)).toMatchObject({ tcpPort: 37777 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
