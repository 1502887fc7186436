import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkKb } from './check.js';
import { checkKbDir } from './fs-loader.js';
import { parseKbFiles } from './parse.js';
import { testFiles } from './test-kb.js';

const ctx = { registrants: new Set<string>() };
const problemsOf = (overrides: Parameters<typeof testFiles>[0]) => {
  const { kb, problems } = parseKbFiles(testFiles(overrides));
  return [...problems, ...checkKb(kb, ctx)].map((p) => `${p.file}: ${p.record}: ${p.message}`);
};

describe('kb check', () => {
  it('passes the synthetic kb', () => expect(problemsOf({})).toEqual([]));

  it('passes the shipped kb (this is `sousveil kb check`)', async () => {
    const { problems } = await checkKbDir();
    expect(problems).toEqual([]);
  });

  it.each([
    [
      'a source on a mirror host with no canonical url',
      {
        sources: `- { id: s1, url: 'https://worddisk.com/wiki/Maker', publisher: Wikipedia, title: Maker, date: n.d., kind: research }`,
      },
      "sources.yaml: s1: url worddisk.com is an encyclopedia mirror host, a copy: give the publisher's own page as url and keep this one as readAt",
    ],
    [
      'a record without a source',
      { vendors: `- { id: maker, name: Maker, kind: company, country: CN, sources: [] }` },
      'vendors.yaml: maker: sources: every record needs at least one source',
    ],
    [
      'a pattern that misses its own example',
      {
        fingerprints: `- { id: fp1, kind: http-server, vendor: maker, match: regex, pattern: '^Maker$', weight: 0.5, examples: ['Maker-Webs'], sources: [s1] }`,
      },
      'fingerprints.yaml: fp1: pattern misses its own example "Maker-Webs"',
    ],
    [
      'a pattern that matches a negative',
      {
        fingerprints: `- { id: fp1, kind: http-server, vendor: maker, match: regex, pattern: 'Webs', weight: 0.5, examples: ['Maker-Webs'], negatives: ['Other-Webs'], sources: [s1] }`,
      },
      'fingerprints.yaml: fp1: pattern matches its negative example "Other-Webs"',
    ],
    [
      'an invalid regex',
      {
        fingerprints: `- { id: fp1, kind: http-server, vendor: maker, match: regex, pattern: '(', weight: 0.5, examples: ['x'], sources: [s1] }`,
      },
      'fingerprints.yaml: fp1: pattern: invalid regex',
    ],
    [
      'an SDK rule that misses its example',
      {
        sdks: `- { id: x, name: X, maker: { name: X, country: CN }, categories: [ads], sources: [s1], rules: [{ kind: package, pattern: com.x, examples: [com.xy.A], negatives: [com.y] }] }`,
      },
      'sdks.yaml: x: rules.0 (package com.x): does not match its example "com.xy.A"',
    ],
    [
      'an SDK rule that matches its negative',
      {
        sdks: `- { id: x, name: X, maker: { name: X, country: CN }, categories: [ads], sources: [s1], rules: [{ kind: domain, pattern: x.example, examples: [a.x.example], negatives: [b.x.example] }] }`,
      },
      'sdks.yaml: x: rules.0 (domain x.example): matches its negative "b.x.example"',
    ],
    [
      'an SDK package pattern with a trailing dot',
      {
        sdks: `- { id: x, name: X, maker: { name: X, country: CN }, categories: [ads], sources: [s1], rules: [{ kind: package, pattern: com.x., examples: [com.x.A], negatives: [com.y] }] }`,
      },
      'sdks.yaml: x: rules.0 (package com.x.): expected a dotted Java name without a trailing dot',
    ],
    [
      'an SDK maker naming no kb vendor',
      {
        sdks: `- { id: x, name: X, maker: { name: X, country: CN, vendor: ghost }, categories: [ads], sources: [s1], rules: [{ kind: meta-data, pattern: K, examples: [K], negatives: [L] }] }`,
      },
      'sdks.yaml: x: maker.vendor: unknown vendor "ghost"',
    ],
    [
      'an SDK rule without a negative example',
      {
        sdks: `- { id: x, name: X, maker: { name: X, country: CN }, categories: [ads], sources: [s1], rules: [{ kind: meta-data, pattern: K, examples: [K], negatives: [] }] }`,
      },
      'sdks.yaml: x: rules.0.negatives: every rule needs a negative example',
    ],
    [
      'a dangling vendor reference',
      {
        relations: `- { id: r1, type: oem, from: ghost, to: maker, confidence: low, sources: [s1] }`,
      },
      'relations.yaml: r1: from: unknown vendor "ghost"',
    ],
    [
      'a dangling source reference',
      {
        relations: `- { id: r1, type: oem, from: sub, to: maker, confidence: low, sources: [nowhere] }`,
      },
      'relations.yaml: r1: sources: unknown source "nowhere"',
    ],
    [
      'a duplicate id',
      {
        sources: `- { id: s1, url: 'https://a.example/', publisher: A, title: A, date: n.d., kind: news }\n- { id: s1, url: 'https://b.example/', publisher: B, title: B, date: n.d., kind: news }`,
      },
      'sources.yaml: s1: duplicate id (first in sources.yaml)',
    ],
    [
      'a bad date',
      {
        relations: `- { id: r1, type: oem, from: sub, to: maker, since: '2019-13-01', confidence: low, sources: [s1] }`,
      },
      'relations.yaml: r1: since: expected YYYY, YYYY-MM or YYYY-MM-DD',
    ],
    [
      'an end before the start',
      {
        relations: `- { id: r1, type: oem, from: sub, to: maker, since: '2020', until: '2019', confidence: low, sources: [s1] }`,
      },
      'relations.yaml: r1: ends (2019) before it starts (2020)',
    ],
    [
      'a date that is not on the calendar',
      {
        relations: `- { id: r1, type: oem, from: sub, to: maker, since: '2019-02-30', confidence: low, sources: [s1] }`,
      },
      'relations.yaml: r1: since: not a real calendar date',
    ],
    [
      'an advisory range without a product scope',
      {
        advisories: `- { id: a1, cve: CVE-2020-0001, title: T, vendors: [maker], sources: [s1], affected: [{ product: P, scheme: semver, fixed: '2.0', sources: [s1] }] }`,
      },
      'advisories.yaml: a1: affected.0: needs a product scope (deviceTypes or models)',
    ],
    [
      'an advisory range without its own sources',
      {
        advisories: `- { id: a1, cve: CVE-2020-0001, title: T, vendors: [maker], sources: [s1], affected: [{ product: P, deviceTypes: [camera], scheme: semver, fixed: '2.0' }] }`,
      },
      'advisories.yaml: a1: affected.0.sources: Invalid input',
    ],
    [
      'a product family that misses its example',
      {
        products: `- { id: p1, vendor: maker, name: P, deviceType: camera, models: '^MK-C', examples: [MK-N1], sources: [s1] }`,
      },
      'products.yaml: p1: models misses its own example "MK-N1"',
    ],
    [
      'a release before the adoption',
      {
        restrictions: `- { id: x, jurisdiction: US, short: X, instrument: X, title: X, kind: use-ban, scope: x, adopted: '2022-11-25', released: '2022-11-11', effective: '2023', confidence: high, sources: [s1] }`,
      },
      'restrictions.yaml: x: released (2022-11-11) before adopted (2022-11-25)',
    ],
    [
      'a file that is not a list',
      { advisories: 'id: x' },
      'advisories.yaml: file: expected a list of records',
    ],
    ['broken YAML', { advisories: '- [unclosed' }, 'advisories.yaml: line 1'],
    [
      'an unknown key',
      {
        vendors: `- { id: maker, name: Maker, kind: company, country: CN, colour: red, sources: [s1] }`,
      },
      'vendors.yaml: maker: Unrecognized key: "colour"',
    ],
  ])('catches %s', (_name, overrides, expected) => {
    const problems = problemsOf(overrides);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('lists IEEE registrants that name a covered vendor but no rule accounts for', () => {
    const { kb } = parseKbFiles(
      testFiles({
        vendors: `- { id: maker, name: Maker, kind: company, country: CN, aliases: [Makerco], ouiRegistrants: [Makerco Ltd], ouiUnrelated: [{ registrant: Makerco Scales, note: a scale factory }], sources: [s1] }`,
      }),
    );
    const registry = {
      AAAAAA: 'Makerco Ltd\nAddress',
      BBBBBB: 'Shanghai Makerco Technologies\nAddress',
      CCCCCC: 'Makerco Scales\nAddress',
      DDDDDD: 'Makercorp Inc\nAddress',
    };
    const problems = checkKb(kb, { registrants: new Set(), registry })
      .map((p) => p.message)
      .filter((m) => m.startsWith('IEEE registrant'));
    expect(problems).toEqual([
      'IEEE registrant "Shanghai Makerco Technologies" (BBBBBB) names Makerco but no vendor\'s ouiRegistrants or ouiUnrelated lists it',
    ]);
  });

  it('application bans and investment bans make no vendor a MAC-registry gap; equipment rules do', () => {
    const rule = (kind: string, equipment: string) =>
      `- { id: r-${kind}, jurisdiction: US, short: R, instrument: R, title: R, kind: ${kind}, scope: s, effective: '2023-01-01', entities: [{ vendor: appco, includesAffiliates: false, equipment: [${equipment}] }], confidence: high, sources: [s1] }`;
    const registry = { EEEEEE: 'Appco Vision Ltd\nAddress' };
    const gapsWith = (restrictions: string) => {
      const { kb } = parseKbFiles(
        testFiles({
          vendors: `- { id: appco, name: Appco, kind: company, country: CN, sources: [s1] }`,
          restrictions,
        }),
      );
      return checkKb(kb, { registrants: new Set(), registry })
        .map((p) => p.message)
        .filter((m) => m.startsWith('IEEE registrant'));
    };
    expect(gapsWith(rule('use-ban', 'applications'))).toEqual([]);
    expect(gapsWith(rule('investment-ban', 'all'))).toEqual([]);
    expect(gapsWith(rule('use-ban', 'video-surveillance'))).toEqual([
      'IEEE registrant "Appco Vision Ltd" (EEEEEE) names Appco but no vendor\'s ouiRegistrants or ouiUnrelated lists it',
    ]);
  });

  it('checks firmware rules against their examples, negatives, sources and vendors', () => {
    const components = `
- id: busybox
  name: BusyBox
  purl: pkg:generic/busybox
  pattern: 'BusyBox v(\\d+\\.\\d+)'
  examples: ['BusyBox 1.2']
  negatives: ['BusyBox v1.2']
  sources: [nope]
`;
    const indicators = `
- id: telnet
  title: Telnet at boot
  kind: boot-daemon
  severity: high
  vendor: ghost
  pattern: 'telnetd'
  examples: ['dropbear']
  negatives: ['telnetd -l /bin/sh']
  sources: [s1]
`;
    expect(
      problemsOf({ 'firmware-components': components, 'firmware-indicators': indicators }),
    ).toEqual([
      'firmware-components.yaml: busybox: sources: unknown source "nope"',
      'firmware-components.yaml: busybox: pattern finds no version in its example "BusyBox 1.2"',
      'firmware-components.yaml: busybox: pattern matches its negative "BusyBox v1.2"',
      'firmware-indicators.yaml: telnet: vendor: unknown vendor "ghost"',
      'firmware-indicators.yaml: telnet: pattern misses its own example "dropbear"',
      'firmware-indicators.yaml: telnet: pattern matches its negative "telnetd -l /bin/sh"',
    ]);
  });

  it('keeps good records when one is bad', () => {
    const { kb } = parseKbFiles(
      testFiles({
        vendors: `- { id: maker, name: Maker, kind: company, country: CN, sources: [s1] }\n- { id: bad, kind: company }`,
      }),
    );
    expect(kb.vendors.map((v) => v.id)).toEqual(['maker']);
  });

  it('never throws on hostile YAML', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const { problems } = parseKbFiles([{ collection: 'vendors', file: 'v.yaml', text }]);
        expect(Array.isArray(problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('bounds YAML alias expansion (billion laughs)', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const { problems } = parseKbFiles([
      { collection: 'vendors', file: 'v.yaml', text: lines.join('\n') },
    ]);
    expect(problems.length).toBeGreaterThan(0);
  });
});
