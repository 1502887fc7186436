import { describe, expect, it } from 'vitest';
import type { AffectedRange } from './schema.js';
import {
  compareVersions,
  firmwareFit,
  parseDahuaVersion,
  parseHikvisionVersion,
} from './versions.js';

describe('parseHikvisionVersion', () => {
  it.each([
    ['V5.5.82build 190910', [5, 5, 82], '2019-09-10'],
    ['V5.5.800 build 210628', [5, 5, 800], '2021-06-28'],
    ['IPC_G3_EN_STD_5.5.160_210416', [5, 5, 160], '2021-04-16'],
    ['5.4.0', [5, 4, 0], undefined],
  ])('%s', (s, parts, buildDate) => {
    const v = parseHikvisionVersion(s);
    expect(v?.parts).toEqual(parts);
    expect(v?.buildDate).toBe(buildDate);
  });
  it('rejects text without a version', () =>
    expect(parseHikvisionVersion('unknown')).toBeUndefined());
});

describe('parseDahuaVersion', () => {
  it.each([
    ['V2.800.0000000.25.R.220130', '2022-01-30'],
    ['2.420.14.R.2016-06-18', '2016-06-18'],
    ['V2.622.0000000.7.R, Build Date: 2019-03-21', '2019-03-21'],
    ['2.420.AC00.18.R.20200217', '2020-02-17'],
    ['2.623.00AC004.0.R.200316', '2020-03-16'],
  ])('%s has build date %s', (s, date) => expect(parseDahuaVersion(s)?.buildDate).toBe(date));
  it.each([
    ['V2.800.0000000.25.R.220130', [2, 800, 0, 25]],
    ['2.623.00AC004.0.R.200316', [2, 623]],
    ['4.000.00AC000.0.R.200218', [4, 0]],
  ])('%s has parts %j (an OEM code ends them)', (s, parts) =>
    expect(parseDahuaVersion(s)?.parts).toEqual(parts),
  );
  it('orders builds of one line by date, lines by number', () => {
    const d = (s: string) => parseDahuaVersion(s)!;
    expect(
      compareVersions(d('2.800.0000000.16.R.200422'), d('2.800.00AC000.0.R.200330'), 'dahua'),
    ).toBe(1);
    expect(
      compareVersions(d('2.800.0000000.6.R.200101'), d('2.800.00AC000.0.R.200330'), 'dahua'),
    ).toBe(-1);
    expect(
      compareVersions(d('2.622.0000000.9.R.210101'), d('2.623.00AC004.0.R.200316'), 'dahua'),
    ).toBe(-1);
  });
});

describe('compareVersions', () => {
  const p = (s: string) => parseHikvisionVersion(s)!;
  it('orders by parts then build', () => {
    expect(compareVersions(p('5.5.160_210416'), p('5.5.800 build 210628'))).toBe(-1);
    expect(compareVersions(p('5.5.160_210416'), p('5.5.160_210101'))).toBe(1);
    expect(compareVersions(p('5.5.160'), p('5.5.160_210101'))).toBe(0);
  });
});

describe('firmwareFit', () => {
  const sources = ['s1'];
  const g3: AffectedRange = {
    product: 'IPC_G3',
    scheme: 'hikvision',
    lastAffected: '5.5.160 build 210416',
    fixed: '5.5.800 build 210628',
    sources,
  };
  const byDate: AffectedRange = {
    product: 'IPC',
    scheme: 'dahua',
    builtBefore: '2021-06',
    sources,
  };
  const line: AffectedRange = {
    product: 'Amcrest 2.800 (OEM builds)',
    scheme: 'dahua',
    firmware: '\\.00AC\\d{3}\\.',
    introduced: '2.800',
    fixed: '2.800.00AC000.0.R.200330',
    sources,
  };
  it.each([
    [g3, 'V5.5.82build 190910', 'in'],
    [g3, 'IPC_G3_EN_STD_5.5.160_210416', 'in'],
    [g3, 'V5.5.800 build 210628', 'out'],
    [g3, undefined, 'unknown'],
    [g3, 'garbage', 'unknown'],
    [byDate, 'V2.800.0000000.25.R.210130', 'in'],
    [byDate, 'V2.800.0000000.25.R.220130', 'out'],
    [byDate, 'V2.800', 'unknown'],
    [line, '2.800.00AC000.0.R.200101', 'in'],
    [line, '2.800.00AC006.0.R.211224', 'out'],
    [line, '2.800.0000000.6.R.200101', 'out'],
    [line, '2.623.00AC004.0.R.200101', 'out'],
    [line, '2.840.00AC000.0.R.190101', 'out'],
    [line, 'V2.800.00AC000.0.R', 'unknown'],
  ] as const)('%#: %s', (range, fw, expected) => expect(firmwareFit(range, fw).fit).toBe(expected));
});
