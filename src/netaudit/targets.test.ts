import { describe, expect, it } from 'vitest';
import {
  countTargets,
  firstPublicTarget,
  ipv4Addresses,
  isPublicIpv4,
  ipv4ToNumber,
  parseTarget,
} from './targets.js';

describe('parseTarget', () => {
  it.each([
    ['127.0.0.1', 1, '127.0.0.1'],
    ['127.77.0.0/16', 65536, '127.77.0.0'],
    ['127.77.1.9/24', 256, '127.77.1.0'],
    ['192.168.1.10-20', 11, '192.168.1.10'],
    ['192.168.1.250-192.168.2.5', 12, '192.168.1.250'],
  ])('%s names %i hosts from %s', (spec, count, first) => {
    const t = parseTarget(spec);
    expect(countTargets([t])).toBe(count);
    expect(ipv4Addresses([t]).next().value).toBe(first);
  });

  it.each([
    ['127.0.0.1/33', 'prefix length 33 is over 32'],
    ['127.0.0.300', '"300" is not an octet'],
    ['10.0.0.20-10', 'ends before it starts'],
    ['not a host!', 'is not an IP address, range, CIDR block or host name'],
  ])('rejects %s', (spec, message) => expect(() => parseTarget(spec)).toThrow(message));

  it('parses names and IPv6', () => {
    expect(parseTarget('cam-1.local')).toMatchObject({ kind: 'name', name: 'cam-1.local' });
    expect(parseTarget('::1')).toMatchObject({ kind: 'ipv6', address: '::1' });
  });
});

describe('public address space', () => {
  it.each([
    ['10.1.2.3', false],
    ['172.31.255.255', false],
    ['172.32.0.0', true],
    ['192.168.0.1', false],
    ['127.0.0.1', false],
    ['100.64.0.1', false],
    ['8.8.8.8', true],
    ['192.0.2.1', true],
  ])('%s public: %s', (ip, pub) => expect(isPublicIpv4(ipv4ToNumber(ip))).toBe(pub));

  it('finds a public range, and lets private ones through', () => {
    expect(
      firstPublicTarget([parseTarget('127.0.0.0/8'), parseTarget('10.0.0.0/8')]),
    ).toBeUndefined();
    expect(firstPublicTarget([parseTarget('10.255.255.250-11.0.0.1')])?.spec).toBe(
      '10.255.255.250-11.0.0.1',
    );
    expect(firstPublicTarget([parseTarget('0.0.0.0/0')])).toBeDefined();
    expect(firstPublicTarget([parseTarget('2001:db8::1')])).toBeDefined();
    expect(firstPublicTarget([parseTarget('fe80::1')])).toBeUndefined();
  });
});
