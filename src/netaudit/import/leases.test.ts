import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDhcpdLeases, parseDnsmasqLeases } from './leases.js';

const dnsmasq = readFileSync(new URL('fixtures/dnsmasq.leases', import.meta.url), 'utf8');

const dhcpd = `# The format of this file is documented in the dhcpd.leases(5) manual page.
# This lease file was written by isc-dhcp-4.4.3
authoring-byte-order little-endian;
server-duid "\\000\\001\\000\\001";
lease 192.0.2.64 {
  starts 2 2023/11/14 10:00:00;
  binding state active;
  next binding state free;
  hardware ethernet 44:19:B6:01:02:03;
  uid "\\001D\\031\\266\\001\\002\\003; {";
  client-hostname "cam-entrance";
}
lease 192.0.2.108 {
  binding state active;
  hardware ethernet 3c:ef:8c:0a:0b:0c;
  on expiry { set x = "y"; hardware ethernet 00:00:00:00:00:01; }
}
lease 192.0.2.108 {
  binding state active;
  hardware ethernet 3c:ef:8c:0a:0b:0d;
}
lease 192.0.2.200 {
  binding state free;
  hardware ethernet 00:40:8c:11:22:33;
}
lease 192.0.2.300 { hardware ethernet 00:40:8c:11:22:34; }
`;

describe('parseDnsmasqLeases', () => {
  it('reads MACs and hostnames, IPv6 leases without a MAC', () => {
    expect(parseDnsmasqLeases(dnsmasq)).toEqual({
      hosts: [
        {
          address: '192.0.2.64',
          observations: [
            { kind: 'mac', source: 'dnsmasq-leases', mac: '44:19:b6:01:02:03' },
            { kind: 'hostname', source: 'dnsmasq-leases', name: 'cam-entrance' },
          ],
        },
        {
          address: '192.0.2.108',
          observations: [{ kind: 'mac', source: 'dnsmasq-leases', mac: '3c:ef:8c:0a:0b:0c' }],
        },
        {
          address: '192.0.2.90',
          observations: [
            { kind: 'mac', source: 'dnsmasq-leases', mac: '00:40:8c:11:22:33' },
            { kind: 'hostname', source: 'dnsmasq-leases', name: 'axis-lobby' },
          ],
        },
        {
          address: '2001:db8::64',
          observations: [{ kind: 'hostname', source: 'dnsmasq-leases', name: 'cam-entrance-v6' }],
        },
      ],
      skipped: [],
    });
  });

  it.each([
    ['garbage', 'not a dnsmasq lease line'],
    ['1700 44:19:b6:01:02:03 192.0.2.999 x *', 'not an IP address: 192.0.2.999'],
    ['1700 zz:19:b6:01:02:03 192.0.2.9 x *', 'not a unicast Ethernet MAC: zz:19:b6:01:02:03'],
  ])('skips %j', (line, reason) => {
    expect(parseDnsmasqLeases(`\n${line}\n`)).toEqual({
      hosts: [],
      skipped: [{ position: 'line 2', reason }],
    });
  });
});

describe('parseDhcpdLeases', () => {
  const r = parseDhcpdLeases(dhcpd);
  it('keeps the last block per address and ignores free leases and nested blocks', () => {
    expect(r.hosts).toEqual([
      {
        address: '192.0.2.64',
        observations: [
          { kind: 'mac', source: 'isc-dhcpd-leases', mac: '44:19:b6:01:02:03' },
          { kind: 'hostname', source: 'isc-dhcpd-leases', name: 'cam-entrance' },
        ],
      },
      {
        address: '192.0.2.108',
        observations: [{ kind: 'mac', source: 'isc-dhcpd-leases', mac: '3c:ef:8c:0a:0b:0d' }],
      },
    ]);
  });
  it('reports bad and unclosed blocks', () => {
    expect(r.skipped).toEqual([{ position: 'line 26', reason: 'lease for a bad IP address' }]);
    expect(
      parseDhcpdLeases('}\nlease 192.0.2.1 {\n hardware ethernet 44:19:b6:01:02:03;').skipped,
    ).toEqual([
      { position: 'line 1', reason: 'unbalanced }' },
      { position: 'line 2', reason: 'lease block is never closed' },
    ]);
  });
});

describe('lease parsers on hostile input', () => {
  const leaseish = fc
    .array(
      fc.constantFrom(
        'lease ',
        '192.0.2.1',
        '{',
        '}',
        ';',
        '"',
        '\\',
        '#',
        '\n',
        ' ',
        'hardware ethernet ',
        '44:19:b6:01:02:03',
        '*',
        '1700',
      ),
      { maxLength: 300 },
    )
    .map((p) => p.join(''));
  it('never throw', () => {
    fc.assert(
      fc.property(fc.oneof(leaseish, fc.string({ unit: 'binary', maxLength: 1000 })), (text) => {
        parseDnsmasqLeases(text);
        parseDhcpdLeases(text);
      }),
      { numRuns: 1000 },
    );
  });
  it('skip any whitespace (a vertical tab once looped forever)', () => {
    const r = parseDhcpdLeases('lease\v192.0.2.1\u00a0{ hardware\fethernet 44:19:b6:01:02:03; }');
    expect(r.hosts).toHaveLength(1);
  });
  it('stay fast on large input', () => {
    parseDhcpdLeases('{'.repeat(500_000));
    parseDhcpdLeases('"'.repeat(500_000));
    parseDnsmasqLeases('1 '.repeat(500_000));
  });
});
