import { describe, expect, it } from 'vitest';
import { linkBroadcast } from './probe-multicast.js';
import { ipv4ToNumber } from './targets.js';

const link = (address: string, first: string, last: string) => ({
  address,
  start: ipv4ToNumber(first),
  end: ipv4ToNumber(last),
});

describe('linkBroadcast', () => {
  it.each([
    ['a /24', link('192.168.1.10', '192.168.1.0', '192.168.1.255'), '192.168.1.255'],
    ['a /30', link('10.0.0.1', '10.0.0.0', '10.0.0.3'), '10.0.0.3'],
    ['a /31 (no broadcast)', link('10.0.0.0', '10.0.0.0', '10.0.0.1'), undefined],
    ['a /32 (no broadcast)', link('10.0.0.7', '10.0.0.7', '10.0.0.7'), undefined],
  ])('%s', (_, l, expected) => {
    expect(linkBroadcast(l)).toBe(expected);
  });
});
