import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unpackVerdict, VerdictParts } from './verdict-parts.js';

const restrictions = [
  { restriction: 'us-ndaa-889-a1a', short: 'NDAA §889(a)(1)(A)', status: 'named' },
  { restriction: 'us-fcc-covered-list', short: 'FCC Covered List', status: 'named' },
];
const verdict = (address: string, mac: string) => ({
  address,
  covered: true,
  restrictions,
  evidence: [
    { probe: 'csv', seen: 'DS-2CD2143G0-I', fingerprint: 'hik-model-code', weight: 0.7 },
    { probe: 'csv', seen: mac, fingerprint: 'oui-hikvision-4419b6', weight: 0.3 },
  ],
  notes: undefined,
});

function roundTrip(parts: VerdictParts, stored: Map<number, string>, v: unknown): unknown {
  const used = new Map<number, string>();
  const packed = parts.pack(v, used);
  for (const [id, json] of used) stored.set(id, json);
  return JSON.parse(unpackVerdict(packed, stored));
}

describe('verdict parts', () => {
  it('stores a repeated part once and gives every verdict back whole', () => {
    const parts = new VerdictParts();
    const stored = new Map<number, string>();
    const hosts = Array.from({ length: 50 }, (_, i) =>
      verdict(`10.0.0.${i}`, `44:19:b6:00:00:${i.toString(16).padStart(2, '0')}`),
    );
    const packed = hosts.map((h) => {
      const used = new Map<number, string>();
      const text = parts.pack(h, used);
      for (const [id, json] of used) stored.set(id, json);
      return text;
    });
    for (const [i, text] of packed.entries())
      expect(JSON.parse(unpackVerdict(text, stored))).toEqual(JSON.parse(JSON.stringify(hosts[i])));
    // The restriction list and the model's evidence item; the MAC items are each seen once.
    expect(stored.size).toBe(2);
    const plain = hosts.reduce((n, h) => n + JSON.stringify(h).length, 0);
    const small = packed.reduce((n, t) => n + t.length, 0);
    expect(small).toBeLessThan(plain * 0.6);
    // The first sighting stays inline; later ones are references.
    expect(packed[0]).not.toContain('$part');
    expect(packed[1]).toContain('{"$part":');
  });

  it('carries on with the parts an earlier batch stored', () => {
    const first = new VerdictParts();
    const stored = new Map<number, string>();
    roundTrip(first, stored, verdict('10.0.0.1', 'a'));
    roundTrip(first, stored, verdict('10.0.0.2', 'b'));
    const again = new VerdictParts([...stored].map(([part, json]) => ({ part, json })));
    const used = new Map<number, string>();
    const text = again.pack(verdict('10.0.0.3', 'c'), used);
    expect([...used.keys()].every((id) => stored.has(id))).toBe(true);
    expect(JSON.parse(unpackVerdict(text, stored))).toEqual(
      JSON.parse(JSON.stringify(verdict('10.0.0.3', 'c'))),
    );
  });

  it('packers in separate lanes of one scan never hand out the same id', () => {
    const lanes = [0, 1, 2].map(
      (index) => new VerdictParts([{ part: 4, json: '"x"' }], { index, of: 3 }),
    );
    const ids = new Set<number>();
    for (const [i, parts] of lanes.entries())
      for (let n = 0; n < 5; n++) {
        const used = new Map<number, string>();
        const v = { restrictions: [`lane ${i} value ${n} long enough to be stored once`] };
        parts.pack(v, used);
        parts.pack(v, used);
        for (const id of used.keys()) {
          expect(ids.has(id)).toBe(false);
          expect(id).toBeGreaterThan(4);
          ids.add(id);
        }
      }
    expect(ids.size).toBe(15);
  });

  it('never mistakes text inside a string for a reference', () => {
    const parts = new VerdictParts();
    const stored = new Map<number, string>([[1, '"WRONG"']]);
    const v = {
      address: '10.0.0.1',
      hostname: '{"$part":1}',
      model: '\u0000sousveil-slot-0',
      evidence: [{ seen: '{"$part":1}' }],
      note: '"\u0000sousveil-slot-0"',
    };
    expect(roundTrip(parts, stored, v)).toEqual(v);
  });

  it('keeps a key named __proto__ (JSON allows it) as a key', () => {
    const v = JSON.parse('{"__proto__":{"a":1},"evidence":[]}') as unknown;
    expect(roundTrip(new VerdictParts(), new Map(), v)).toEqual(v);
  });

  it('round-trips any JSON value unchanged (property)', () => {
    const parts = new VerdictParts();
    const stored = new Map<number, string>();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            restrictions: fc.array(fc.jsonValue()),
            evidence: fc.array(fc.jsonValue()),
            advisoryDetails: fc.jsonValue(),
          }),
        ),
        (v) => {
          const expected = JSON.parse(JSON.stringify(v)) as unknown;
          // Twice, so the second sighting uses references.
          expect(roundTrip(parts, stored, v)).toEqual(expected);
          expect(roundTrip(parts, stored, v)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
