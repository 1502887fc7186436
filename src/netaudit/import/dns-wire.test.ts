import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dnsQuery } from './fixtures/build-pcap.js';
import { parseDnsQuestions, readName } from './dns-wire.js';

describe('parseDnsQuestions', () => {
  it('reads question names, compressed ones too', () => {
    expect(
      parseDnsQuestions(dnsQuery(['Dev.Hik-Connect.com', 'litedev.hik-connect.com'], true)),
    ).toEqual({
      ok: true,
      value: { isResponse: false, names: ['dev.hik-connect.com', 'litedev.hik-connect.com'] },
    });
  });

  it.each([
    [[0xc0, 0], 'does not point back'],
    [[3, 0x61], 'truncated'],
    [[0x40], 'label type'],
  ])('refuses name bytes %j', (name, reason) => {
    const r = readName(new Uint8Array(name), 0);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).toContain(reason);
  });

  it('refuses a pointer loop', () => {
    // Name at 2 points to 0, whose label is followed by a pointer to 2.
    const msg = new Uint8Array([1, 0x61, 0xc0, 0x00]);
    expect(readName(msg, 2)).toEqual({
      ok: false,
      issues: ['DNS compression pointer does not point back'],
    });
  });

  it('escapes odd bytes', () => {
    expect(readName(new Uint8Array([2, 0x41, 0x20, 0]), 0)).toEqual({
      ok: true,
      value: { name: 'a\\032', next: 4 },
    });
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => void parseDnsQuestions(b)),
      {
        numRuns: 2000,
      },
    );
  });
});
