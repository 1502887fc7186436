// Synthetic kb records for tests: small, self-contained, one of each kind of relation.
import { buildKb, type Kb } from './kb.js';
import { parseKbFiles, type KbFileText } from './parse.js';

export const testSources = `
- { id: s1, url: 'https://example.org/law', publisher: Example, title: Law, date: '2019', kind: law }
`;

export const testVendors = `
- { id: maker, name: Maker, kind: company, country: CN, aliases: [MK], sources: [s1] }
- { id: sub, name: Sub, kind: company, country: CN, sources: [s1] }
- { id: rebrand, name: Rebrand, kind: brand, country: US, sources: [s1] }
- { id: former, name: Former, kind: company, country: CA, sources: [s1] }
- { id: other-cn, name: OtherCN, kind: company, country: CN, sources: [s1] }
- { id: western, name: Western, kind: company, country: SE, sources: [s1] }
`;

export const testRelations = `
- { id: r1, type: subsidiary, from: sub, to: maker, since: '2015', confidence: high, sources: [s1] }
- { id: r2, type: oem, from: rebrand, to: maker, confidence: medium, sources: [s1] }
- { id: r3, type: subsidiary, from: former, to: maker, since: '2018', until: '2022-11-24', confidence: high, sources: [s1] }
`;

export const testRestrictions = `
- id: ban
  jurisdiction: US
  short: Test Act
  instrument: Test Act §1
  title: Test ban
  kind: procurement-ban
  scope: video surveillance
  effective: '2019-08-13'
  entities: [{ vendor: maker, includesAffiliates: true, equipment: [video-surveillance] }]
  confidence: high
  sources: [s1]
- id: list
  jurisdiction: US
  short: Test List
  instrument: Test List
  title: Test list
  kind: covered-list
  scope: video surveillance
  effective: '2021-03-12'
  entities: [{ vendor: maker, includesAffiliates: false, equipment: [video-surveillance] }]
  confidence: high
  sources: [s1]
`;

export const testFingerprints = `
- id: fp1
  kind: http-server
  vendor: maker
  match: regex
  pattern: '^Maker-Webs$'
  weight: 0.8
  examples: ['Maker-Webs', 'Server: Maker-Webs']
  negatives: ['Other-Webs']
  sources: [s1]
`;

export const testSdks = `
- id: maker-push
  name: Maker Push
  maker: { name: Maker, country: CN, vendor: maker }
  categories: [push]
  rules:
    - { kind: package, pattern: com.maker.push, examples: [com.maker.push.PushService], negatives: [com.makerx.push.A] }
    - { kind: meta-data, pattern: MAKER_APPKEY, examples: [MAKER_APPKEY], negatives: [MAKER_APPKEY_X] }
    - { kind: native-lib, pattern: 'libmakerpush*', examples: [libmakerpush.so, libmakerpush2.so], negatives: [libmaker.so] }
  sources: [s1]
- id: western-stats
  name: Western Stats
  maker: { name: Western, country: SE, vendor: western }
  categories: [analytics]
  rules:
    - { kind: package, pattern: se.western.stats, examples: [se.western.stats.Tracker], negatives: [se.western.statsx.A] }
    - { kind: domain, pattern: stats.western.example, examples: [eu.stats.western.example], negatives: [stats.western.example.evil.test] }
  sources: [s1]
`;

/** The synthetic files, with overrides by collection. */
export function testFiles(
  overrides: Partial<Record<KbFileText['collection'], string>> = {},
): KbFileText[] {
  const base = {
    sources: testSources,
    vendors: testVendors,
    relations: testRelations,
    restrictions: testRestrictions,
    fingerprints: testFingerprints,
    advisories: '[]',
    sdks: testSdks,
    ...overrides,
  };
  return Object.entries(base).map(([collection, text]) => ({
    collection: collection as KbFileText['collection'],
    file: `${collection}.yaml`,
    text,
  }));
}

/** A built kb from the synthetic files; throws if they do not parse. */
export function testKb(): Kb {
  const { kb, problems } = parseKbFiles(testFiles());
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return buildKb(kb, []);
}
