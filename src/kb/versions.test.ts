import { describe, expect, it } from 'vitest';
import type { AffectedRange } from './schema.js';
import {
  compareVersions,
  isInRange,
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
  ])('%s has build date %s', (s, date) => expect(parseDahuaVersion(s)?.buildDate).toBe(date));
});

describe('compareVersions', () => {
  const p = (s: string) => parseHikvisionVersion(s)!;
  it('orders by parts then build', () => {
    expect(compareVersions(p('5.5.160_210416'), p('5.5.800 build 210628'))).toBe(-1);
    expect(compareVersions(p('5.5.160_210416'), p('5.5.160_210101'))).toBe(1);
    expect(compareVersions(p('5.5.160'), p('5.5.160_210101'))).toBe(0);
  });
});

describe('isInRange', () => {
  const g3: AffectedRange = {
    product: 'IPC_G3',
    scheme: 'hikvision',
    lastAffected: '5.5.160 build 210416',
    fixed: '5.5.800 build 210628',
  };
  const byDate: AffectedRange = { product: 'IPC', scheme: 'dahua', builtBefore: '2021-06' };
  const models: AffectedRange = {
    product: 'DS-2CD2xx2F-I',
    models: '^DS-2CD2\\d{2}2F-I',
    scheme: 'hikvision',
    introduced: '5.2.0 build 140721',
    lastAffected: '5.4.0 build 160530',
  };
  it.each([
    [g3, undefined, 'V5.5.82build 190910', 'affected'],
    [g3, undefined, 'IPC_G3_EN_STD_5.5.160_210416', 'affected'],
    [g3, undefined, 'V5.5.800 build 210628', 'not-affected'],
    [g3, undefined, undefined, 'unknown'],
    [g3, undefined, 'garbage', 'unknown'],
    [byDate, undefined, 'V2.800.0000000.25.R.210130', 'affected'],
    [byDate, undefined, 'V2.800.0000000.25.R.220130', 'not-affected'],
    [byDate, undefined, 'V2.800', 'unknown'],
    [models, 'DS-2CD2032F-I', 'V5.3.0 build 151016', 'affected'],
    [models, 'DS-2CD2032F-I', 'V5.1.0 build 130101', 'not-affected'],
    [models, 'DS-2CD2032F-I', 'V5.4.5 build 170101', 'not-affected'],
    [models, 'DS-2CD2143G0-I', 'V5.3.0 build 151016', 'not-affected'],
    [models, undefined, 'V5.3.0 build 151016', 'unknown'],
  ] as const)('%#: %s %s', (range, model, fw, expected) =>
    expect(isInRange(range, model, fw)).toBe(expected),
  );
});
