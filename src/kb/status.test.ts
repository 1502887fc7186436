import { describe, expect, it } from 'vitest';
import { restrictionReaches, restrictionStatuses, type CoverageStatus } from './status.js';
import { testKb } from './test-kb.js';

const kb = testKb();
const statusOf = (vendor: string, restriction: string, asOf = '2026-01-01') =>
  restrictionStatuses(kb, vendor, asOf).find((s) => s.restriction === restriction);

describe('restrictionStatuses', () => {
  it.each([
    ['maker', 'ban', 'named', '2019-08-13', undefined],
    ['maker', 'list', 'named', '2021-03-12', undefined],
    ['sub', 'ban', 'affiliate', '2019-08-13', undefined],
    // The list does not reach affiliates: a subsidiary is only PRC-origin there.
    ['sub', 'list', 'prc-origin', undefined, undefined],
    ['rebrand', 'ban', 'oem', '2019-08-13', undefined],
    ['rebrand', 'list', 'oem', '2021-03-12', undefined],
    ['former', 'ban', 'former-affiliate', '2019-08-13', '2022-11-24'],
    ['other-cn', 'ban', 'prc-origin', undefined, undefined],
    ['western', 'ban', 'not-covered', undefined, undefined],
  ])('%s under %s is %s', (vendor, restriction, status, since, until) => {
    const s = statusOf(vendor, restriction);
    expect(s?.status).toBe(status);
    expect(s?.since).toBe(since);
    expect(s?.until).toBe(until);
  });

  it('an ended relation counted while it held', () => {
    expect(statusOf('former', 'ban', '2020-06-01')?.status).toBe('affiliate');
  });

  it('names the chain and its sources', () => {
    const s = statusOf('sub', 'ban');
    expect(s?.via.map((r) => r.id)).toEqual(['r1']);
    expect(s?.entity).toBe('maker');
    expect(s?.sources).toContain('s1');
  });
});

describe('restrictionReaches', () => {
  it.each<[CoverageStatus, boolean]>([
    ['named', true],
    ['affiliate', true],
    ['oem', true],
    ['former-affiliate', true],
    ['in-scope', true],
    ['prc-origin', false],
    ['not-covered', false],
  ])('%s -> %s', (status, reaches) => expect(restrictionReaches(status)).toBe(reaches));
});
