import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { parseLabBase, pickLabAddresses } from './addresses.js';
import { seededRng } from './rng.js';

describe('parseLabBase', () => {
  it.each([
    ['127.77.0.0/16', { network: 0x7f4d0000, prefix: 16 }],
    ['127.77.3.9/24', { network: 0x7f4d0300, prefix: 24 }],
    ['127.1.2.3', { network: 0x7f010203, prefix: 32 }],
    ['127.0.0.0/8', { network: 0x7f000000, prefix: 8 }],
  ])('%s', (base, expected) => expect(parseLabBase(base)).toEqual(expected));

  it.each([
    '10.0.0.0/8',
    '128.0.0.0/8',
    '192.168.0.1',
    '127.0.0.0/7',
    '127.0.0.0/33',
    '127.0.0/24',
    '127.0.0.256',
    '',
  ])('refuses %j', (base) => expect(() => parseLabBase(base)).toThrow(UserError));
});

describe('pickLabAddresses', () => {
  it('is deterministic, distinct, inside the base, and avoids .0, .255 and 127.0.0.0/24', () => {
    const base = parseLabBase('127.0.0.0/23');
    const a = pickLabAddresses(base, 200, seededRng(4));
    expect(pickLabAddresses(base, 200, seededRng(4))).toEqual(a);
    expect(new Set(a).size).toBe(200);
    for (const ip of a) expect(ip).toMatch(/^127\.0\.1\.(?:[1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/);
  });

  it('samples a /8 without enumerating it', () => {
    const a = pickLabAddresses(parseLabBase('127.0.0.0/8'), 50, seededRng(1));
    expect(new Set(a).size).toBe(50);
  });

  it('refuses more devices than addresses', () => {
    expect(() => pickLabAddresses(parseLabBase('127.9.9.0/30'), 4, seededRng(1))).toThrow(
      UserError,
    );
  });
});
