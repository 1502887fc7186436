import { describe, expect, it } from 'vitest';
import { parseTarget } from '../netaudit/index.js';
import { targetOutside } from './ranges.js';

const site = ['127.41.0.0/16', '10.1.2.0/24', '10.1.3.0/24', 'fd00:7::/64'];
const outside = (spec: string) => targetOutside([parseTarget(spec)], site)?.why;

describe("an agent's targets inside its site", () => {
  it.each([
    ['127.41.0.0/16', true],
    ['127.41.3.7', true],
    ['127.41.255.250-255', true],
    ['10.1.2.0/24', true],
    ['10.1.2.0/23', true],
    ['10.1.2.0/22', false],
    ['10.1.4.1', false],
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
      "outside the site's ranges (127.41.0.0/16, 10.1.2.0/24, 10.1.3.0/24, fd00:7::/64)",
    );
  });

  it('finds the first target outside among several', () => {
    const targets = ['127.41.0.1', '10.9.9.9', 'x.example'].map(parseTarget);
    expect(targetOutside(targets, site)?.target.spec).toBe('10.9.9.9');
  });
});
