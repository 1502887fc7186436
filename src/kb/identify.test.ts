import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKb } from './fs-loader.js';
import { Identifier, type Identification } from './identify.js';

const { kb } = await loadKb();
const identifier = new Identifier(kb, '2026-11-28');
const id = (value: string): Identification => {
  const out = identifier.identify(value);
  if (!out.ok) throw new Error(out.error);
  return out.value;
};
const restriction = (value: string, rid: string) =>
  id(value).verdict?.restrictions.find((r) => r.restriction === rid);

describe('identify against the shipped kb', () => {
  it('a Hikvision MAC: maker, covered, §889 and FCC Covered List since 2021-03-12, with sources', () => {
    const r = id('44:19:B6:12:34:56');
    expect(r.inputKind).toBe('mac');
    expect(r.verdict?.maker.id).toBe('hikvision');
    expect(r.verdict?.covered).toBe(true);
    expect(r.verdict?.category).toBe('named');
    expect(restriction('44:19:B6:12:34:56', 'us-fcc-covered-list')).toMatchObject({
      status: 'named',
      since: '2021-03-12',
    });
    expect(restriction('44:19:B6:12:34:56', 'us-ndaa-889-a1a')).toMatchObject({
      status: 'named',
      since: '2019-08-13',
    });
    expect(r.evidence[0]?.weight).toBeLessThanOrEqual(0.3);
    for (const s of r.verdict?.sources ?? []) expect(kb.sources.has(s)).toBe(true);
    expect(r.verdict?.sources.length).toBeGreaterThan(0);
  });

  it.each([['44-19-b6-12-34-56'], ['4419.b612.3456'], ['4419B6123456'], ['44:19:B6']])(
    'accepts MAC notation %s',
    (v) => expect(id(v).verdict?.maker.id).toBe('hikvision'),
  );

  it('Lorex: the Dahua ownership with its dates', () => {
    const r = id('Lorex');
    const owned = r.verdict?.relations.find((x) => x.to.id === 'dahua' && x.type === 'subsidiary');
    expect(owned).toMatchObject({ since: '2018', until: '2022-11-24', active: false });
  });

  it.each([
    ['App-webs/', 'hikvision'],
    ['Server: App-webs/', 'hikvision'],
    ['Digest realm="Hikvision"', 'hikvision'],
    ['DS-2CD2143G0-I', 'hikvision'],
    ['Dahua Rtsp Server', 'dahua'],
    ['IPC-HFW2228M-I1-V2', 'dahua'],
    ['dev.hik-connect.com', 'hikvision'],
    ['www.easy4ipcloud.com', 'dahua'],
    ['1.3.6.1.4.1.39165.1.1.0', 'hikvision'],
    ['89b932fcc47cf4ca3faadb0cfdef89cf', 'hikvision'],
    ['Hangzhou Hikvision Digital Technology Co., Ltd.', 'hikvision'],
    ['HIKVISION', 'hikvision'],
  ])('%s -> %s', (value, maker) => expect(id(value).verdict?.maker.id).toBe(maker));

  it('an OEM rebrand resolves to its maker and keeps the brand', () => {
    const r = id('LTS');
    expect(r.verdict?.maker.id).toBe('hikvision');
    expect(r.verdict?.brand?.id).toBe('lts');
    expect(r.verdict?.covered).toBe(true);
    expect(r.verdict?.category).toBe('oem');
  });

  it.each(['EZVIZ', 'Imou', 'HikMicro'])('%s is an affiliate of a named entity', (name) => {
    expect(id(name).verdict?.category).toBe('affiliate');
    expect(id(name).verdict?.covered).toBe(true);
  });

  it.each(['Axis', 'Bosch', 'Hanwha Vision', 'Mobotix'])('%s is not covered', (name) => {
    const v = id(name).verdict;
    expect(v?.covered).toBe(false);
    expect(v?.category).toBe('not-covered');
  });

  it.each(['Uniview', 'Tiandy', 'Xiongmai'])('%s is PRC-origin but not covered', (name) => {
    expect(id(name).verdict?.category).toBe('prc-origin');
    expect(id(name).verdict?.covered).toBe(false);
  });

  it('lists KEV advisories for Hikvision and, via the maker, for its rebrands', () => {
    expect(id('Hikvision').verdict?.advisories.map((a) => a.cve)).toEqual(
      expect.arrayContaining(['CVE-2021-36260', 'CVE-2017-7921']),
    );
    expect(id('LTS').verdict?.advisories.find((a) => a.cve === 'CVE-2021-36260')?.via).toBe(
      'maker',
    );
  });

  it('an unknown value is "no match", not an error', () => {
    expect(id('some unknown banner 1.0')).toMatchObject({ match: false });
    expect(id('00:00:5E:00:53:01')).toMatchObject({ match: false, inputKind: 'mac' });
  });

  it.each(['44:19:B6:12:34', '44:19:ZZ:12:34:56', '44:19:B6:12:34:56:78'])(
    'a malformed MAC %s is an error naming it',
    (v) => {
      const out = identifier.identify(v);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error).toContain(v);
    },
  );

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        identifier.identify(s);
      }),
      { numRuns: 2000 },
    );
  });
});
