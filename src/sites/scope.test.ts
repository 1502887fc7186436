import { describe, expect, it } from 'vitest';
import { parseCidr } from './cidr.js';
import { firstOutOfScope, siteRanges } from './scope.js';

describe('site ranges', () => {
  it.each([
    ['10.1.2.3/16', '10.1.0.0/16'],
    ['192.168.7.9', '192.168.7.9/32'],
    ['FD00:0:0:0::1/8', 'fd00::/8'],
    ['fd12:3456::/48', 'fd12:3456::/48'],
    ['::1', '::1/128'],
    ['fe80::/10', 'fe80::/10'],
    ['::ffff:10.0.0.1/128', '::ffff:a00:1/128'],
  ])('%s is %s', (text, canonical) => {
    expect(parseCidr(text).text).toBe(canonical);
  });

  it.each([
    ['10.1.0.0/33', 'range "10.1.0.0/33": prefix length "33" is not 0 to 32'],
    ['fd00::/129', 'range "fd00::/129": prefix length "129" is not 0 to 128'],
    ['10.1.0.0/x', 'range "10.1.0.0/x": prefix length "x" is not 0 to 32'],
    ['10.1.0/24', 'range "10.1.0/24" is not an IPv4 or IPv6 CIDR block (10.1.0.0/16, fd00::/8)'],
    ['1::2::3/64', 'range "1::2::3/64" is not an IPv4 or IPv6 CIDR block (10.1.0.0/16, fd00::/8)'],
    [
      '1:2:3:4:5:6:7:8:9',
      'range "1:2:3:4:5:6:7:8:9" is not an IPv4 or IPv6 CIDR block (10.1.0.0/16, fd00::/8)',
    ],
  ])('%s is refused', (text, message) => {
    expect(() => parseCidr(text)).toThrow(message);
  });

  it('refuses public space unless authorised, as net scan does', () => {
    expect(siteRanges(['10.0.0.0/8', 'fd00::/8', '10.0.0.0/8'], false)).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    for (const pub of ['8.8.8.0/24', '10.0.0.0/7', '2001:db8::/32', 'fc00::/6'])
      expect(() => siteRanges([pub], false)).toThrow(/reaches public address space/);
    expect(siteRanges(['8.8.8.0/24'], true)).toEqual(['8.8.8.0/24']);
    expect(() => siteRanges([], false)).toThrow('a site needs at least one --range CIDR');
  });
});

describe('a scan within its site', () => {
  const ranges = ['10.1.0.0/24', '10.1.1.0/25', 'fd00::/16'];
  it.each([
    [
      ['10.1.0.1', '10.1.1.127', 'fd00::9', 'fd00::9%eth0'],
      ['10.1.0.0/24', '10.1.1.0-100'],
      undefined,
    ],
    [['10.1.1.128'], [], 'host 10.1.1.128'],
    [['fd01::1'], [], 'host fd01::1'],
    [['cam.local'], [], 'host cam.local'],
    [[], ['10.1.0.0/23'], 'target 10.1.0.0/23 (10.1.1.128)'],
    [[], ['10.1.0.250-10.1.1.5', 'cam.local'], undefined],
    [[], ['fd00::/15'], 'target fd00::/15 (fd01::)'],
    [[], ['10.1.0.1/bad'], 'target 10.1.0.1/bad (not an address, range or name)'],
  ])('hosts %j, targets %j: %s', (addresses, targets, outside) => {
    expect(firstOutOfScope(ranges, addresses, targets)).toBe(outside);
  });
});
