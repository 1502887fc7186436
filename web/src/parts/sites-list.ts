// The Sites view's data work, without the DOM: which sites a filter keeps and in what order, each
// agent's state in words (never colour alone), times and schedules as text, and the links into
// the audits pages. The clock is passed in, so the same answers come in tests and in the page.
import type { SiteAgent, SiteSummary } from '../types.js';

/** The orders the view offers; the first is the default. */
export const siteOrders = ['name', 'silent', 'report'] as const;
export type SiteOrder = (typeof siteOrders)[number];

export const siteOrderLabels: Record<SiteOrder, string> = {
  name: 'name (A–Z)',
  silent: 'silent agents first',
  report: 'newest report first',
};

/** What the URL asks of the view: a name filter and an order (anything unknown reads as the default). */
export interface SiteQuery {
  q: string;
  sort: SiteOrder;
}

/** Reads the view's state from the query of its URL. */
export function siteQuery(p: Readonly<Record<string, string | undefined>>): SiteQuery {
  const sort = siteOrders.find((o) => o === p.sort) ?? 'name';
  return { q: (p.q ?? '').trim().slice(0, 100), sort };
}

/** The query values that keep this state in the URL (defaults left out, so the URL stays short). */
export function siteQueryParams(s: SiteQuery): Record<string, string | undefined> {
  return { q: s.q === '' ? undefined : s.q, sort: s.sort === 'name' ? undefined : s.sort };
}

export type AgentState = 'silent' | 'revoked' | 'reporting';

/** An agent's state as the server judged it: revoked wins over silent. */
export function agentState(a: SiteAgent): AgentState {
  if (a.revokedAt !== undefined) return 'revoked';
  return a.silent ? 'silent' : 'reporting';
}

/** How many of the site's agents went silent (revoked ones are not counted). */
export function silentAgents(s: SiteSummary): number {
  return s.agents.filter((a) => agentState(a) === 'silent').length;
}

const stateRank: Record<AgentState, number> = { silent: 0, reporting: 1, revoked: 2 };
const byName = (a: { name: string }, b: { name: string }): number =>
  a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true });

/** A site's agents: silent ones first, then those reporting, then revoked; by name within each. */
export function orderAgents(agents: readonly SiteAgent[]): SiteAgent[] {
  return [...agents].sort(
    (a, b) => stateRank[agentState(a)] - stateRank[agentState(b)] || byName(a, b),
  );
}

/** Folds case and accents, so "zurich" finds "Zürich". */
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The sites whose name contains the filter (case and accents ignored), in the asked order. */
export function selectSites(sites: readonly SiteSummary[], s: SiteQuery): SiteSummary[] {
  const q = fold(s.q);
  const kept = q === '' ? [...sites] : sites.filter((x) => fold(x.name).includes(q));
  const newest = (x: SiteSummary): string => x.lastReport?.receivedAt ?? '';
  const compare: Record<SiteOrder, (a: SiteSummary, b: SiteSummary) => number> = {
    name: byName,
    silent: (a, b) => silentAgents(b) - silentAgents(a) || byName(a, b),
    // ISO times in UTC compare as text; sites that never reported go last.
    report: (a, b) => newest(b).localeCompare(newest(a)) || byName(a, b),
  };
  return kept.sort(compare[s.sort]);
}

/** An ISO time as "YYYY-MM-DD HH:MM UTC"; text that is no time is shown as it came. */
export function utcText(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** How long ago, in the largest whole unit ("just now", "5 min ago", "3 h ago", "2 days ago"). */
export function agoText(iso: string, nowMs: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.floor((nowMs - t) / 1000);
  if (s < 60) return s < -60 ? 'in the future (check the clocks)' : 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 2 * 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

/** An agent's schedule in words: "every 6 h", "every 90 min", or "runs once". */
export function everyText(seconds: number | undefined): string {
  if (seconds === undefined || seconds <= 0) return 'runs once';
  if (seconds % 86_400 === 0)
    return seconds === 86_400 ? 'every day' : `every ${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

/** "1 host", "2 hosts": a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The changes since the scan before, in one line. */
export function changesText(c: NonNullable<SiteSummary['changes']>): string {
  if (c.appeared + c.disappeared + c.changed === 0) return 'no change';
  return `${c.appeared} appeared, ${c.disappeared} disappeared, ${c.changed} changed`;
}

/** The scan's hosts view, filtered to covered devices. */
export function coveredHref(scanId: number): string {
  return `/audits/${scanId}?covered=true`;
}

/** The audits page comparing the scan before (`since`) with the newest one, scrolled to the comparison. */
export function diffHref(since: number, scanId: number): string {
  return `/audits?a=${since}&b=${scanId}#diff-h`;
}

/** A word for a POSIX shell command line: as it is when plain, else in single quotes. */
export function shellWord(text: string): string {
  return /^[\w.,:@%+=/-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The figures above the list: sites, agents and how many went silent or were revoked. */
export function siteTotals(sites: readonly SiteSummary[]): {
  sites: number;
  agents: number;
  silent: number;
  revoked: number;
} {
  const agents = sites.flatMap((s) => s.agents).map(agentState);
  return {
    sites: sites.length,
    agents: agents.length,
    silent: agents.filter((a) => a === 'silent').length,
    revoked: agents.filter((a) => a === 'revoked').length,
  };
}
