import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv6, normalizeDnsName, normalizeIp, normalizeMac } from './address.js';

describe('normalizeMac', () => {
  it.each([
    ['44:19:B6:01:02:03', '44:19:b6:01:02:03'],
    ['44-19-b6-01-02-03', '44:19:b6:01:02:03'],
    ['4419.b601.0203', '44:19:b6:01:02:03'],
    ['4419B6010203', '44:19:b6:01:02:03'],
    ['44:19:b6:1:2:3', '44:19:b6:01:02:03'],
    ['ff:ff:ff:ff:ff:ff', undefined],
    ['01:00:5e:00:00:16', undefined],
    ['00:00:00:00:00:00', undefined],
    ['44:19:b6:01:02', undefined],
    ['44:19-b6:01:02:03:04', undefined],
  ])('%s -> %s', (text, mac) => {
    expect(normalizeMac(text)).toBe(mac);
  });
});

describe('normalizeIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['192.0.2.256', undefined],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8::', '2001:db8::'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['2001:db8::1::2', undefined],
    ['2001:db8:1:2:3:4:5:6:7', undefined],
    ['12345::1', undefined],
    ['cam.example', undefined],
  ])('%s -> %s', (text, ip) => {
    expect(normalizeIp(text)).toBe(ip);
  });

  it('formats every address so that it parses back to itself', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }), (words) => {
        const text = formatIpv6(words);
        expect(normalizeIp(text)).toBe(text);
      }),
    );
  });
});

describe('normalizeDnsName', () => {
  it.each([
    ['Dev.Hik-Connect.com.', 'dev.hik-connect.com'],
    ['_ldap._tcp.example.org', '_ldap._tcp.example.org'],
    ['192.0.2.999', undefined],
    ['bad name', undefined],
    ['', undefined],
    ['a..b', undefined],
  ])('%j -> %s', (text, name) => {
    expect(normalizeDnsName(text)).toBe(name);
  });
});
