import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../../kb/index.js';
import { ParseError } from '../../shared/errors.js';
import { identifyHost } from '../fuse.js';
import { fixedContext } from '../lab/lab-test-clients.js';
import { buildDvripReply } from '../lab/wire-dvrip.js';
import { parseDiscoveryReply } from '../parse/discovery.js';
import { buildDvripSearch } from '../parse/dvrip.js';
import {
  dnsQuery,
  ethernet,
  ipv4,
  ipv6,
  pcapFile,
  pcapngFile,
  tcp,
  udp,
} from './fixtures/build-pcap.js';
import { parsePcap } from './pcap.js';

const hikMac = '44:19:b6:01:02:03';
const routerMac = '00:00:5e:00:01:01';
const text = (s: string) => new TextEncoder().encode(s);

const camQuery = ethernet(
  hikMac,
  0x0800,
  ipv4('192.0.2.64', '192.0.2.1', 17, udp(41000, 53, dnsQuery(['dev.hik-connect.com']))),
);
const sadpReply = ethernet(
  hikMac,
  0x0800,
  ipv4(
    '192.0.2.64',
    '239.255.255.250',
    17,
    udp(37020, 37020, text('<ProbeMatch><Types>inquiry</Types></ProbeMatch>')),
  ),
);
const sadpInquiry = ethernet(
  '02:00:00:00:00:10',
  0x0800,
  ipv4(
    '192.0.2.10',
    '239.255.255.250',
    17,
    udp(37020, 37020, text('<Probe><Types>inquiry</Types></Probe>')),
  ),
);
const rtspSynAck = ethernet(
  hikMac,
  0x0800,
  ipv4('192.0.2.64', '192.0.2.10', 6, tcp(554, 50000, 0x12)),
);
const rtspRst = ethernet(
  '3c:ef:8c:0a:0b:0c',
  0x0800,
  ipv4('192.0.2.108', '192.0.2.10', 6, tcp(554, 50000, 0x14)),
);
// The router's MAC fronts the internet: never attributed to any of the addresses behind it.
const fromInternet = (src: string) =>
  ethernet(routerMac, 0x0800, ipv4(src, '192.0.2.64', 17, udp(53, 41000, dnsQuery(['x.example']))));
const routerQuery = ethernet(
  routerMac,
  0x0800,
  ipv4('192.0.2.1', '198.51.100.53', 17, udp(5353, 53, dnsQuery(['dev.hik-connect.com']))),
);
const v6Query = ethernet(
  '3c:ef:8c:0a:0b:0c',
  0x86dd,
  ipv6(
    [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x108],
    [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1],
    17,
    udp(40000, 53, dnsQuery(['www.easy4ipcloud.com'])),
  ),
  20,
);

describe('parsePcap', () => {
  const frames = [
    camQuery,
    camQuery,
    sadpReply,
    sadpInquiry,
    rtspSynAck,
    rtspRst,
    fromInternet('203.0.113.1'),
    fromInternet('203.0.113.2'),
    routerQuery,
    v6Query,
  ];

  it('reads DNS queries, discovery replies and unambiguous MACs', () => {
    const r = parsePcap(pcapFile(1, frames));
    expect(r.packets).toBe(frames.length);
    expect(r.skipped).toEqual([]);
    expect(r.hosts).toEqual([
      {
        address: '192.0.2.64',
        observations: [
          { kind: 'dns-query', source: 'pcap', name: 'dev.hik-connect.com', count: 2 },
          { kind: 'service', source: 'pcap', port: 37020, protocol: 'udp', name: 'sadp' },
          { kind: 'service', source: 'pcap', port: 554, protocol: 'tcp', name: 'rtsp' },
          { kind: 'mac', source: 'pcap', mac: hikMac },
        ],
      },
      {
        address: '192.0.2.1',
        observations: [
          { kind: 'dns-query', source: 'pcap', name: 'dev.hik-connect.com', count: 1 },
        ],
      },
      {
        address: '2001:db8::108',
        observations: [
          { kind: 'dns-query', source: 'pcap', name: 'www.easy4ipcloud.com', count: 1 },
          { kind: 'mac', source: 'pcap', mac: '3c:ef:8c:0a:0b:0c' },
        ],
      },
    ]);
  });

  it.each([
    ['big-endian', { bigEndian: true }],
    ['nanosecond', { nano: true }],
    ['big-endian nanosecond', { bigEndian: true, nano: true }],
  ])('reads %s files', (_name, options) => {
    expect(parsePcap(pcapFile(1, [camQuery], options)).hosts[0]?.address).toBe('192.0.2.64');
  });

  it.each([false, true])('reads pcapng (big-endian: %s) like pcap', (bigEndian) => {
    const frames = [camQuery, sadpReply, camQuery.subarray(0, 20)];
    const ng = parsePcap(pcapngFile(1, frames, bigEndian));
    const classic = parsePcap(pcapFile(1, frames));
    expect(ng).toEqual(classic);
    expect(ng.skippedPackets).toBe(1);
  });

  it('skips pcapng packets of unsupported interfaces and stops at a cut-off block', () => {
    const file = pcapngFile(105, [camQuery]);
    expect(parsePcap(file).skipped).toEqual([
      { position: 'packet 1', reason: 'link type 105 not supported' },
    ]);
    expect(parsePcap(file.subarray(0, file.length - 4)).skipped[0]?.reason).toContain(
      'block length is bad',
    );
  });

  it('reads Linux cooked and raw IP captures', () => {
    const ip = ipv4(
      '192.0.2.64',
      '192.0.2.1',
      17,
      udp(41000, 53, dnsQuery(['dev.hik-connect.com'])),
    );
    const sll = new Uint8Array([
      0,
      0,
      0,
      1,
      0,
      6,
      0x44,
      0x19,
      0xb6,
      1,
      2,
      3,
      0,
      0,
      0x08,
      0x00,
      ...ip,
    ]);
    const cooked = parsePcap(pcapFile(113, [sll])).hosts[0]?.observations;
    expect(cooked).toContainEqual({ kind: 'mac', source: 'pcap', mac: hikMac });
    const raw = parsePcap(pcapFile(101, [ip])).hosts[0]?.observations;
    expect(raw).toEqual([
      { kind: 'dns-query', source: 'pcap', name: 'dev.hik-connect.com', count: 1 },
    ]);
  });

  it('skips and counts bad packets, and stops at a cut-off record', () => {
    const file = pcapFile(1, [new Uint8Array(10), camQuery.subarray(0, 30), camQuery]);
    const r = parsePcap(file.subarray(0, file.length - 5));
    expect(r.skipped).toEqual([
      { position: 'packet 1', reason: 'Ethernet header truncated' },
      { position: 'packet 2', reason: 'IPv4 header truncated or bad' },
      { position: 'packet 3', reason: 'packet truncated (file cut short)' },
    ]);
    expect([r.packets, r.skippedPackets]).toEqual([3, 3]);
  });

  it.each([
    [
      new Uint8Array([0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28]),
      'too short for a pcapng section header',
    ],
    [new Uint8Array(10), 'too short'],
    [new Uint8Array(24), 'unknown magic'],
    [pcapFile(105, []), 'link type 105 not supported'],
  ])('refuses a bad file header (%#)', (bytes, message) => {
    expect(() => parsePcap(bytes)).toThrow(ParseError);
    expect(() => parsePcap(bytes)).toThrow(message);
  });

  it('throws nothing but ParseError on random bytes, with or without a valid header', () => {
    const header = pcapFile(1, []);
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 3000 }), (withHeader, body) => {
        const bytes = withHeader ? new Uint8Array([...header, ...body]) : body;
        try {
          parsePcap(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('survives mutated real-shaped frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(200),
        (edits, cut) => {
          const frame = new Uint8Array(v6Query);
          for (const [at, v] of edits) if (at < frame.length) frame[at] = v;
          const r = parsePcap(pcapFile(1, [frame.subarray(0, Math.max(0, frame.length - cut))]));
          expect(r.packets).toBe(1);
        },
      ),
    );
  });
});

describe('parsePcap: DVRIP discovery on UDP 5050', () => {
  const dahuaMac = '3c:ef:8c:0a:0b:0c';
  const reply = buildDvripReply(
    {
      hostname: 'IPC',
      model: 'IPC-HDW5431R-ZE',
      firmware: '2.800.0000000.16.R.200422',
      modelAfterMac: false,
    },
    fixedContext('192.0.2.108', dahuaMac, '6G0123456PAG7A8'),
  );
  // A scanner bound to 5050 (as UniversalScanner is) broadcasts the search; the camera answers.
  const search = ethernet(
    '02:00:00:00:00:10',
    0x0800,
    ipv4('192.0.2.10', '192.0.2.255', 17, udp(5050, 5050, buildDvripSearch())),
  );
  const answer = ethernet(
    dahuaMac,
    0x0800,
    ipv4('192.0.2.108', '192.0.2.10', 17, udp(5050, 5050, reply)),
  );

  it('reads the reply with the scanner parser, and gives the scan evidence', async () => {
    const { kb } = await loadKb();
    const r = parsePcap(pcapFile(1, [search, answer]));
    expect(r.hosts.map((h) => h.address)).toEqual(['192.0.2.108']);
    const imported = r.hosts[0]!;
    const scanned = parseDiscoveryReply('dvrip', reply);
    expect(scanned.ok).toBe(true);
    for (const o of scanned.ok ? scanned.value : [])
      expect(imported.observations).toContainEqual(o);
    const rule = (obs: typeof imported.observations) =>
      identifyHost(kb, { address: '192.0.2.108', observations: obs }, '2026-11-28').evidence.find(
        (e) => e.fingerprint === 'rule:dvrip-reply',
      );
    expect(rule(imported.observations)).toBeDefined();
    expect(rule(imported.observations)).toEqual(rule(scanned.ok ? scanned.value : []));
    expect(identifyHost(kb, imported, '2026-11-28')).toMatchObject({
      maker: 'dahua',
      model: 'IPC-HDW5431R-ZE',
      mac: dahuaMac,
    });
  });

  it('keeps a bad or cut reply as the service alone', () => {
    const cut = ethernet(
      dahuaMac,
      0x0800,
      ipv4('192.0.2.108', '192.0.2.10', 17, udp(5050, 5050, reply.subarray(0, 60))),
    );
    expect(parsePcap(pcapFile(1, [cut])).hosts[0]?.observations).toEqual([
      { kind: 'service', source: 'pcap', port: 5050, protocol: 'udp', name: 'dvrip-discovery' },
      { kind: 'mac', source: 'pcap', mac: dahuaMac },
    ]);
  });
});
