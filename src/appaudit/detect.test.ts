import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleMatches, SdkRuleIndex, type Sdk } from '../kb/index.js';
import { detectSdks } from './detect.js';
import type { AppInventory } from './inventory.js';

const rule = (pattern: string): Sdk['rules'][number] => ({
  kind: 'package',
  pattern,
  examples: ['x'],
  negatives: ['y'],
  confidence: 'high',
});
const sdk = (id: string, patterns: string[]): Sdk => ({
  id,
  name: id,
  maker: { name: id, country: 'CN' },
  categories: ['ads'],
  rules: patterns.map(rule),
  sources: ['s'],
});
// Rules on packages and on class names themselves (`a.b.C`), nested in each other.
const sdks = [
  sdk('ab', ['a.b']),
  sdk('abc', ['a.b.c']),
  sdk('abC', ['a.b.C']),
  sdk('x', ['x']),
  sdk('xyZ', ['x.y.Z', 'q.r']),
];
const index = new SdkRuleIndex(sdks);

const app = (classes: string[]): AppInventory => ({
  format: 'apk',
  manifest: undefined,
  dex: [],
  classes,
  hosts: [],
  nativeLibs: [],
  entries: [],
  certificate: undefined,
  problems: [],
  inflatedBytes: 0,
});

/** The classes each SDK gets, by testing every rule on every class: the longest match wins. */
function naive(classes: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of classes) {
    const hits = sdks.flatMap((s) =>
      s.rules.filter((r) => ruleMatches(r, name)).map((r) => ({ id: s.id, n: r.pattern.length })),
    );
    const longest = Math.max(...hits.map((h) => h.n));
    for (const h of hits) if (h.n === longest) counts.set(h.id, (counts.get(h.id) ?? 0) + 1);
  }
  return counts;
}

describe('SDKs from classes', () => {
  it('gives each class to its most specific rule, by package or by its own name', () => {
    const found = detectSdks(
      app(['a.b.C', 'a.b.C$1', 'a.b.D', 'a.b.c.E', 'a.bx.F', 'x.y.Z$2']),
      index,
    );
    expect(found.map((f) => [f.sdk.id, f.evidence[0]?.count])).toEqual([
      ['ab', 1],
      ['abc', 1],
      ['abC', 2],
      ['xyZ', 1],
    ]);
  });

  it('counts what testing every rule on every class counts', () => {
    const part = fc.constantFrom('a', 'b', 'c', 'C', 'x', 'y', 'Z', 'q', 'r', 'bx');
    const name = fc
      .tuple(fc.array(part, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '$1', '$a$b'))
      .map(([parts, inner]) => parts.join('.') + inner);
    fc.assert(
      fc.property(fc.array(name, { maxLength: 30 }), (classes) => {
        const counts = new Map(
          detectSdks(app(classes), index).map((f) => [
            f.sdk.id,
            f.evidence.reduce((n, e) => n + e.count, 0),
          ]),
        );
        expect(counts).toEqual(naive(classes));
      }),
      { numRuns: 2000 },
    );
  });
});
