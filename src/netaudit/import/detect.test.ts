import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { detectFormat, importFormats, parseImport, type ImportFormat } from './detect.js';
import { pcapFile, pcapngFile } from './fixtures/build-pcap.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

describe('detectFormat', () => {
  it.each<[string, Uint8Array, ImportFormat | undefined]>([
    ['scan.xml', fixture('nmap-hikvision.xml'), 'nmap-xml'],
    ['x', fixture('dnsmasq.leases'), 'dnsmasq-leases'],
    ['x', fixture('zeek-dns.log'), 'zeek-dns'],
    ['x', bytes('{"ts":1,"id.orig_h":"192.0.2.1","query":"a.example"}\n'), 'zeek-dns'],
    ['x', bytes('Nov 14 22:00:01 dnsmasq[1]: query[A] a.example from 192.0.2.1\n'), 'dnsmasq-log'],
    ['x', bytes('# dhcpd.leases\nlease 192.0.2.5 {\n'), 'isc-dhcpd-leases'],
    ['x', bytes('192.0.2.5 dev eth0 lladdr 44:19:b6:01:02:03 REACHABLE\n'), 'neighbours'],
    ['x', bytes('? (192.0.2.5) at 44:19:b6:01:02:03 [ether] on eth0\n'), 'neighbours'],
    ['x', bytes('  192.0.2.5   44-19-b6-01-02-03   dynamic\n'), 'neighbours'],
    ['assets.csv', bytes('ip,mac,vendor\n'), 'csv-inventory'],
    ['x', pcapFile(1, []), 'pcap'],
    ['x', pcapFile(1, [], { bigEndian: true, nano: true }), 'pcap'],
    ['x', pcapngFile(1, []), 'pcap'],
    ['capture.pcap', new Uint8Array(), 'pcap'],
    ['notes.txt', bytes('hello'), undefined],
  ])('%s %# is %s', (name, head, format) => {
    expect(detectFormat(name, head)).toBe(format);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.uint8Array({ maxLength: 2000 }),
        (n, b) => {
          const f = detectFormat(n, b);
          expect(f === undefined || importFormats.includes(f)).toBe(true);
        },
      ),
    );
  });
});

describe('parseImport', () => {
  it('merges observations of one address', () => {
    const text =
      '192.0.2.5 dev eth0 lladdr 44:19:b6:01:02:03 REACHABLE\n? (192.0.2.5) at 44:19:b6:01:02:03 [ether] on eth0\n192.0.2.5 dev eth1 lladdr 44:19:b6:01:02:03 STALE\n';
    expect(parseImport('neighbours', bytes(text)).hosts).toEqual([
      {
        address: '192.0.2.5',
        observations: [
          { kind: 'mac', source: 'ip-neigh', mac: '44:19:b6:01:02:03' },
          { kind: 'mac', source: 'arp-an', mac: '44:19:b6:01:02:03' },
        ],
      },
    ]);
  });

  it('passes the CSV mapping on', () => {
    const r = parseImport('csv-inventory', 'Addr;Hersteller\n192.0.2.9;Axis\n', {
      mapping: { address: 'Addr', maker: 'Hersteller' },
    });
    expect(r.hosts[0]?.observations).toEqual([
      { kind: 'inventory', source: 'csv-inventory', maker: 'Axis' },
    ]);
  });

  it('wants bytes for captures', () => {
    expect(() => parseImport('pcap', 'text')).toThrow(ParseError);
  });

  it('throws nothing but ParseError for any format and input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...importFormats),
        fc.uint8Array({ maxLength: 1500 }),
        (format, input) => {
          try {
            parseImport(format, input);
          } catch (e) {
            expect(e).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
