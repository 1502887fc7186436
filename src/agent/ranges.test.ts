import { describe, expect, it } from 'vitest';
import { parseTarget } from '../netaudit/index.js';
import { UserError } from '../shared/errors.js';
import { ipv6ToBigInt, parseRange, targetOutside } from './ranges.js';

const site = ['127.41.0.0/16', '10.1.2.0/24', 'fd00:7::/64'].map(parseRange);
const outside = (spec: string) => targetOutside([parseTarget(spec)], site)?.why;

describe('site ranges', () => {
  it.each([
    ['127.41.0.0/16', true],
    ['127.41.3.7', true],
    ['127.41.255.250-255', true],
    ['10.1.2.0/24', true],
    ['10.1.2.0/23', false],
    ['10.1.3.1', false],
    ['127.42.0.1', false],
    ['127.40.255.255-127.41.0.1', false],
    ['fd00:7::1', true],
    ['fd00:7:0:0:ffff:ffff:ffff:ffff', true],
    ['fd00:7:0:1::1', false],
    ['::1', false],
  ])('%s inside: %s', (spec, inside) => {
    expect(outside(spec) === undefined).toBe(inside);
  });

  it('refuses host names, which cannot be checked before they resolve', () => {
    expect(outside('cam.local')).toContain('host name');
  });

  it('names the ranges when a target is outside', () => {
    expect(outside('192.168.1.1')).toBe(
      "outside the site's ranges (127.41.0.0/16, 10.1.2.0/24, fd00:7::/64)",
    );
  });

  it('finds the first target outside among several', () => {
    const targets = ['127.41.0.1', '10.9.9.9', 'x.example'].map(parseTarget);
    expect(targetOutside(targets, site)?.target.spec).toBe('10.9.9.9');
  });

  it.each(['10.0.0.0/33', '10.0.0.1-5', 'a.example', 'fd00::/129', 'fd00::/64/1', '1:2:3'])(
    'refuses %s as a range',
    (spec) => {
      expect(() => parseRange(spec)).toThrow(UserError);
    },
  );

  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['::ffff:127.0.0.1', (0xffffn << 32n) | 0x7f000001n],
    ['2001:db8:0:0:0:0:0:1', (0x20010db8n << 96n) | 1n],
  ])('reads the IPv6 address %s', (text, n) => {
    expect(ipv6ToBigInt(text)).toBe(n);
  });

  it.each(['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:2:3:4:5:6:7'])(
    'refuses %s as an IPv6 address',
    (text) => {
      expect(() => ipv6ToBigInt(text)).toThrow(UserError);
    },
  );
});
