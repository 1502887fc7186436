// The seed article's headline figures against what the records support (pure): counted from the
// records where they can be, else set beside other sources' figures for the same property.
import type { Kb } from '../kb/index.js';
import { isSurveillanceProject, SURVEILLANCE_CAPABILITIES } from './classes.js';
import { byId, claimsBySubject } from './lookup.js';
import { PROPERTIES } from './properties.js';
import {
  claimView,
  compareClaims,
  isChinese,
  projectSuppliers,
  SEED_SOURCE,
  subjectName,
  type ClaimView,
} from './records.js';
import type { Atlas, Claim } from './schema.js';

/** How the records stand to one of the seed article's figures. */
export type Support =
  | {
      kind: 'computed';
      n: number;
      records: string[];
      how: string;
      verdict: 'supported' | 'not-supported';
    }
  | { kind: 'corroborated'; claims: ClaimView[] }
  | { kind: 'contradicted'; claims: ClaimView[] }
  | { kind: 'none'; reason: string };

export interface HeadlineRow {
  claim: ClaimView;
  subject: string;
  /** The subject's display name ("ECU 911 …", "Hikvision", "the world"). */
  subjectName: string;
  label: string;
  /** Who makes the claim: the titles of its sources. */
  by: string[];
  support: Support;
  /**
   * Where the records count the figure: the other sources' own figures of the same property for
   * the world (the indexes: Carnegie's AIGS, CSIS), each with who states it, beside the count.
   */
  indexes: Array<ClaimView & { by: string[] }>;
}

/** Projects a person has reviewed: review candidates (importer output) are never counted. */
const reviewed = (atlas: Atlas) => atlas.projects.filter((p) => p.review === undefined);

/** Figures the records can count, by property of a `world` claim. */
const COMPUTED: Record<
  string,
  (atlas: Atlas, kb: Kb) => { n: number; records: string[]; how: string }
> = {
  countries: (atlas, kb) => {
    const projects = reviewed(atlas).filter(
      (p) =>
        isSurveillanceProject(p) && projectSuppliers(atlas, p).some((v) => isChinese(atlas, kb, v)),
    );
    return {
      n: new Set(projects.map((p) => p.country)).size,
      records: projects.map((p) => `project:${p.id}`),
      how: 'countries with a recorded surveillance project supplied by a company or state body based in China (ports, railways and corridors are not counted)',
    };
  },
  'smart-city-count': (atlas, kb) => {
    const projects = reviewed(atlas).filter(
      (p) =>
        (p.kind === 'safe-city' || p.kind === 'smart-city') &&
        projectSuppliers(atlas, p).some((v) => isChinese(atlas, kb, v)),
    );
    const cities = new Set<string>();
    for (const p of projects) {
      const own = p.places.filter((id) => byId(atlas.places).get(id)?.kind === 'city');
      if (own.length === 0) cities.add(`project:${p.id}`);
      for (const c of own) cities.add(`place:${c}`);
    }
    return {
      n: cities.size,
      records: [...cities],
      how: 'cities named by recorded safe/smart city projects of companies based in China',
    };
  },
  'bri-countries': (atlas) => {
    const projects = reviewed(atlas).filter(
      (p) => p.bri && p.capabilities.some((c) => SURVEILLANCE_CAPABILITIES.has(c)),
    );
    return {
      n: new Set(projects.map((p) => p.country)).size,
      records: projects.map((p) => `project:${p.id}`),
      how: 'countries with a recorded Belt and Road project that has surveillance capabilities',
    };
  },
};

/** Each numeric figure the seed article states, against what the other records say. */
export function headlineFigures(atlas: Atlas, kb: Kb): HeadlineRow[] {
  const sourceTitle = (id: string): string =>
    byId(atlas.sources).get(id)?.title ?? kb.sources.get(id)?.title ?? id;
  const rows: HeadlineRow[] = [];
  for (const c of atlas.claims) {
    if (typeof c.value !== 'number' || !c.sources.some((s) => s.source === SEED_SOURCE)) continue;
    const label = PROPERTIES[c.property]?.label ?? c.property;
    const compute = c.subject === 'world' ? COMPUTED[c.property] : undefined;
    let support: Support;
    let indexes: HeadlineRow['indexes'] = [];
    if (compute !== undefined) {
      indexes = (claimsBySubject(atlas.claims).get('world') ?? [])
        .filter(
          (o) =>
            o.id !== c.id &&
            o.property === c.property &&
            typeof o.value === 'number' &&
            o.status !== 'refuted' &&
            !o.sources.some((s) => s.source === SEED_SOURCE),
        )
        .sort(compareClaims)
        .map((o) => ({ ...claimView(o), by: o.sources.map((s) => sourceTitle(s.source)) }));
      const r = compute(atlas, kb);
      const claimed = c.value;
      const ok =
        c.precision === 'at-least' || c.precision === 'exact' ? r.n >= claimed : r.n <= claimed;
      support = { kind: 'computed', ...r, verdict: ok ? 'supported' : 'not-supported' };
    } else {
      const related = (claimsBySubject(atlas.claims).get(c.subject) ?? []).filter(
        (o) =>
          o.id !== c.id &&
          o.property === c.property &&
          typeof o.value === 'number' &&
          o.status !== 'refuted' &&
          !o.sources.some((s) => s.source === SEED_SOURCE),
      );
      const others = related.filter((o) => isSameMeasure(c, o)).sort(compareClaims);
      if (others.length === 0) {
        support = { kind: 'none', reason: noneReason(c, related.length) };
      } else {
        const agrees = others.some((o) => agreesWith(c, o));
        support = { kind: agrees ? 'corroborated' : 'contradicted', claims: others.map(claimView) };
      }
    }
    rows.push({
      claim: claimView(c),
      subject: c.subject,
      subjectName: subjectName(atlas, kb, c.subject),
      label,
      by: c.sources.map((s) => sourceTitle(s.source)),
      support,
      indexes,
    });
  }
  return rows;
}

/**
 * Whether two figures measure the same thing: the same property of the same subject, in the same
 * unit (a currency is a unit), over the same scope (a national figure is not a global one).
 */
export function isSameMeasure(a: Claim, b: Claim): boolean {
  return (
    a.subject === b.subject &&
    a.property === b.property &&
    (a.unit ?? '') === (b.unit ?? '') &&
    (a.scope ?? '') === (b.scope ?? '')
  );
}

function noneReason(c: Claim, related: number): string {
  if (related > 0)
    return 'other sources give this measure only in another unit or for another scope, so none can back or contradict it';
  return c.subject === 'world'
    ? 'the records hold no figures to count this from, and no other source states it'
    : 'no other source in the records states this figure';
}

/** Whether another source's figure of the same measure backs a claimed one (within 10 %, or meeting an "at least"). */
function agreesWith(claim: Claim, other: Claim): boolean {
  const a = Number(claim.value);
  const b = Number(other.value);
  if (claim.precision === 'at-least') return b >= a * 0.9;
  if (claim.precision === 'at-most') return b <= a * 1.1;
  return Math.abs(a - b) <= Math.abs(a) * 0.1;
}

/**
 * Whether some claims contradict each other: figures of the same measure (unit and scope), from
 * the same object, for the same year (an undated figure counts for every year), that cannot all
 * hold. Figures for other years, other financiers or in other currencies complement each other.
 * Linear in the number of claims: one pass to group, one pass per group.
 */
export function claimsDisagree(claims: readonly Claim[]): boolean {
  const groups = new Map<string, Claim[]>();
  const undated = new Map<string, Claim[]>();
  for (const c of claims) {
    if (typeof c.value !== 'number' || c.status === 'refuted') continue;
    const measure = `${c.property}|${c.unit ?? ''}|${c.scope ?? ''}|${c.object ?? ''}`;
    const into = c.asOf === undefined ? undated : groups;
    const key = c.asOf === undefined ? measure : `${measure}|${c.asOf.slice(0, 4)}`;
    const list = into.get(key);
    if (list) list.push(c);
    else into.set(key, [c]);
  }
  const undatedBounds = new Map<string, Bounds>();
  for (const [measure, list] of undated) {
    const b = boundsOf(list);
    if (cannotAllHold(b)) return true;
    undatedBounds.set(measure, b);
  }
  for (const [key, list] of groups) {
    const measure = key.slice(0, key.lastIndexOf('|'));
    if (cannotAllHold(joinBounds(boundsOf(list), undatedBounds.get(measure)))) return true;
  }
  return false;
}

/** Exact figures' range and the tightest "at least" and "at most" bounds of some claims. */
interface Bounds {
  lo: number;
  hi: number;
  atLeast: number;
  atMost: number;
}

function boundsOf(list: readonly Claim[]): Bounds {
  const b = { lo: Infinity, hi: -Infinity, atLeast: -Infinity, atMost: Infinity };
  for (const c of list) {
    const v = Number(c.value);
    if (c.precision === 'at-least') b.atLeast = Math.max(b.atLeast, v);
    else if (c.precision === 'at-most') b.atMost = Math.min(b.atMost, v);
    else {
      b.lo = Math.min(b.lo, v);
      b.hi = Math.max(b.hi, c.valueMax ?? v);
    }
  }
  return b;
}

function joinBounds(a: Bounds, b: Bounds | undefined): Bounds {
  if (b === undefined) return a;
  return {
    lo: Math.min(a.lo, b.lo),
    hi: Math.max(a.hi, b.hi),
    atLeast: Math.max(a.atLeast, b.atLeast),
    atMost: Math.min(a.atMost, b.atMost),
  };
}

/** Whether exact figures, "at least" and "at most" bounds of one measure cannot all be true (10 % slack). */
function cannotAllHold({ lo, hi, atLeast, atMost }: Bounds): boolean {
  const slack = (x: number): number => Math.abs(x) * 0.1;
  if (hi - lo > Math.min(slack(lo), slack(hi))) return true;
  if (lo !== Infinity && lo < atLeast - slack(atLeast)) return true;
  if (hi !== -Infinity && hi > atMost + slack(atMost)) return true;
  return atLeast > atMost + slack(atMost);
}
