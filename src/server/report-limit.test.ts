import { describe, expect, it } from 'vitest';
import { HttpError } from '../shared/errors.js';
import { prefixOf, ReportLimit } from './report-limit.js';

describe('prefixOf', () => {
  it.each([
    ['192.0.2.77', '192.0.2.0/24'],
    ['::ffff:192.0.2.77', '192.0.2.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:0db8:ABCD:0012:0:0:0:1', '2001:db8:abcd::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['', 'unknown'],
    ['not an address', 'unknown'],
  ])('%s -> %s', (address, prefix) => expect(prefixOf(address)).toBe(prefix));
});

describe('ReportLimit', () => {
  const day = 86_400_000;

  it('counts per prefix and day, with a key that changes with the day', () => {
    let now = 10 * day + 5;
    let keys = 0;
    const limit = new ReportLimit({
      perDay: 2,
      nowMs: () => now,
      newKey: () => Buffer.alloc(32, ++keys),
    });
    const first = limit.keyOf('192.0.2.1');
    expect(limit.keyOf('192.0.2.200')).toBe(first);
    expect(limit.keyOf('192.0.3.1')).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(first).not.toContain('192');
    limit.take('192.0.2.1');
    limit.take('192.0.2.2');
    const refused = (() => {
      try {
        limit.take('192.0.2.3');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(429);
    expect((refused as HttpError).retryAfterS).toBe(86_400);
    expect((refused as HttpError).message).not.toContain('192');
    limit.take('192.0.3.1');
    expect(limit.size).toBe(2);
    now += day;
    expect(limit.keyOf('192.0.2.1')).not.toBe(first);
    expect(limit.size).toBe(0);
    limit.take('192.0.2.1');
    expect(keys).toBe(2);
  });

  it('bounds the prefixes it holds', () => {
    const limit = new ReportLimit({ perDay: 1, maxPrefixes: 3 });
    for (let i = 0; i < 10; i++) limit.take(`10.0.${i}.1`);
    expect(limit.size).toBeLessThanOrEqual(3);
  });
});
