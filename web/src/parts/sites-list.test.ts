import { describe, expect, it } from 'vitest';
import { SiteList, type SiteAgent, type SiteSummary } from '../../../src/contract/sites.js';
import {
  agentState,
  agoText,
  changesText,
  coveredHref,
  diffHref,
  everyText,
  orderAgents,
  plural,
  selectSites,
  shellWord,
  silentAgents,
  siteQuery,
  siteQueryParams,
  siteTotals,
  utcText,
} from './sites-list.js';

const now = Date.parse('2026-11-30T18:00:00Z');

function agent(id: number, name: string, more: Partial<SiteAgent> = {}): SiteAgent {
  return {
    id,
    name,
    enrolledAt: '2026-11-01T00:00:00Z',
    lastSeenAt: '2026-11-30T17:00:00Z',
    silent: false,
    ...more,
  };
}

function site(id: number, name: string, more: Partial<SiteSummary> = {}): SiteSummary {
  return {
    id,
    name,
    ranges: ['10.0.0.0/24'],
    createdAt: '2026-11-01T00:00:00Z',
    agents: [],
    ...more,
  };
}

// Parsed through the contract, so the fixtures are shapes the server may really send.
const sites = SiteList.parse([
  site(1, 'Zürich office', {
    agents: [agent(1, 'zh-1', { silent: true }), agent(2, 'zh-2', { silent: true })],
    lastReport: {
      scanId: 5,
      agentId: 1,
      receivedAt: '2026-11-29T10:00:00Z',
      hosts: 40,
      covered: 3,
    },
    changes: { since: 4, appeared: 2, disappeared: 1, changed: 0 },
  }),
  site(2, 'annex', {
    agents: [
      agent(3, 'ax-b'),
      agent(4, 'ax-a', { silent: true }),
      agent(5, 'ax-0', { revokedAt: '2026-11-20T00:00:00Z', silent: false }),
    ],
    lastReport: { scanId: 9, agentId: 3, receivedAt: '2026-11-30T17:00:00Z', hosts: 1, covered: 1 },
  }),
  site(3, 'Berlin'),
  site(4, 'site 10'),
  site(5, 'site 9'),
]);

describe('siteQuery', () => {
  it.each([
    [{}, { q: '', sort: 'name' }],
    [
      { q: '  zur ', sort: 'silent' },
      { q: 'zur', sort: 'silent' },
    ],
    [{ sort: 'report' }, { q: '', sort: 'report' }],
    [{ sort: 'constructor' }, { q: '', sort: 'name' }],
    [{ q: 'x'.repeat(500) }, { q: 'x'.repeat(100), sort: 'name' }],
  ])('reads %j as %j', (p, want) => {
    expect(siteQuery(p)).toEqual(want);
  });

  it('writes only what differs from the defaults back to the URL', () => {
    expect(siteQueryParams({ q: '', sort: 'name' })).toEqual({ q: undefined, sort: undefined });
    expect(siteQueryParams({ q: 'ber', sort: 'silent' })).toEqual({ q: 'ber', sort: 'silent' });
    expect(siteQuery(siteQueryParams({ q: 'ber', sort: 'report' }))).toEqual({
      q: 'ber',
      sort: 'report',
    });
  });
});

describe('agents', () => {
  it('names each state, revoked before silent', () => {
    expect(agentState(agent(1, 'a'))).toBe('reporting');
    expect(agentState(agent(1, 'a', { silent: true }))).toBe('silent');
    expect(agentState(agent(1, 'a', { silent: true, revokedAt: '2026-11-02T00:00:00Z' }))).toBe(
      'revoked',
    );
  });

  it('puts silent agents first, revoked last, by name within each', () => {
    expect(orderAgents(sites[1]!.agents).map((a) => a.name)).toEqual(['ax-a', 'ax-b', 'ax-0']);
    expect(silentAgents(sites[1]!)).toBe(1);
    expect(silentAgents(sites[0]!)).toBe(2);
  });

  it('counts sites, agents, silent and revoked ones', () => {
    expect(siteTotals(sites)).toEqual({ sites: 5, agents: 5, silent: 3, revoked: 1 });
    expect(siteTotals([])).toEqual({ sites: 0, agents: 0, silent: 0, revoked: 0 });
  });
});

describe('selectSites', () => {
  const names = (q: string, sort: 'name' | 'silent' | 'report'): string[] =>
    selectSites(sites, { q, sort }).map((s) => s.name);

  it('orders by name, case-blind and with numbers as numbers', () => {
    expect(names('', 'name')).toEqual(['annex', 'Berlin', 'site 9', 'site 10', 'Zürich office']);
  });

  it('puts the sites with the most silent agents first', () => {
    expect(names('', 'silent')).toEqual(['Zürich office', 'annex', 'Berlin', 'site 9', 'site 10']);
  });

  it('puts the newest report first and sites that never reported last', () => {
    expect(names('', 'report')).toEqual(['annex', 'Zürich office', 'Berlin', 'site 9', 'site 10']);
  });

  it('filters by name, ignoring case and accents', () => {
    expect(names('ZUR', 'name')).toEqual(['Zürich office']);
    expect(names('site', 'name')).toEqual(['site 9', 'site 10']);
    expect(names('nowhere', 'name')).toEqual([]);
  });

  it('leaves the list it was given as it was', () => {
    const before = sites.map((s) => s.id);
    selectSites(sites, { q: '', sort: 'silent' });
    expect(sites.map((s) => s.id)).toEqual(before);
  });
});

describe('text', () => {
  it.each([
    ['2026-11-30T17:59:30Z', 'just now'],
    ['2026-11-30T17:55:00Z', '5 min ago'],
    ['2026-11-30T15:00:00Z', '3 h ago'],
    ['2026-11-29T00:00:00Z', '42 h ago'],
    ['2026-11-27T18:00:00Z', '3 days ago'],
    ['2026-11-30T19:00:00Z', 'in the future (check the clocks)'],
    ['not a time', ''],
  ])('says %s was %j', (iso, want) => {
    expect(agoText(iso, now)).toBe(want);
  });

  it('writes times in UTC to the minute', () => {
    expect(utcText('2026-11-30T19:05:59+01:00')).toBe('2026-11-30 18:05 UTC');
    expect(utcText('soon')).toBe('soon');
  });

  it.each([
    [undefined, 'runs once'],
    [0, 'runs once'],
    [21_600, 'every 6 h'],
    [86_400, 'every day'],
    [172_800, 'every 2 days'],
    [5_400, 'every 90 min'],
    [45, 'every 45 s'],
  ])('says a schedule of %j seconds is %j', (s, want) => {
    expect(everyText(s)).toBe(want);
  });

  it('counts with the right noun', () => {
    expect(plural(1, 'covered device')).toBe('1 covered device');
    expect(plural(0, 'host')).toBe('0 hosts');
    expect(plural(2, 'agent')).toBe('2 agents');
  });

  it('says the changes, or that there were none', () => {
    expect(changesText({ since: 4, appeared: 2, disappeared: 1, changed: 0 })).toBe(
      '2 appeared, 1 disappeared, 0 changed',
    );
    expect(changesText({ since: 4, appeared: 0, disappeared: 0, changed: 0 })).toBe('no change');
  });

  it.each([
    ['Berlin', 'Berlin'],
    ['site-9.b', 'site-9.b'],
    ['Zürich office', "'Zürich office'"],
    ["O'Hare; rm -rf ~", "'O'\\''Hare; rm -rf ~'"],
    ['$(id)', "'$(id)'"],
  ])('quotes the site name %j for a shell as %j', (name, want) => {
    expect(shellWord(name)).toBe(want);
  });

  it('links to the covered hosts of a scan and to the comparison of two', () => {
    expect(coveredHref(5)).toBe('/audits/5?covered=true');
    expect(diffHref(4, 5)).toBe('/audits?a=4&b=5#diff-h');
  });
});
