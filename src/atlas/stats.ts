// Statistics over atlas records (pure): deployments by vendor and year, cameras by project,
// financing totals, restrictions by jurisdiction, and the seed article's headline figures set
// against what the records support.
import type { Kb } from '../kb/index.js';
import { PROPERTIES } from './properties.js';
import type { Atlas, Claim, Project } from './schema.js';

/** Where a seed-article claim comes from: the source id every such claim cites. */
export const SEED_SOURCE = 'seed-article';

const STATUS_RANK = { confirmed: 3, reported: 2, disputed: 1, refuted: 0 } as const;
const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1, unverified: 0 } as const;

/** Best first: confirmed over reported over disputed, then confidence, then the newer figure. */
export function compareClaims(a: Claim, b: Claim): number {
  return (
    STATUS_RANK[b.status] - STATUS_RANK[a.status] ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    (b.asOf ?? '').localeCompare(a.asOf ?? '') ||
    a.id.localeCompare(b.id)
  );
}

/** True when a vendor id (kb) or organisation id (atlas) belongs to a company based in China. */
export function isChinese(atlas: Atlas, kb: Kb, id: string): boolean {
  const v = kb.vendors.get(id);
  if (v !== undefined) return v.country === 'CN';
  return atlas.organisations.find((o) => o.id === id)?.country === 'CN';
}

export function nameOf(atlas: Atlas, kb: Kb, id: string): string {
  return (
    kb.vendors.get(id)?.name ??
    atlas.organisations.find((o) => o.id === id)?.name ??
    atlas.countries.find((c) => c.id === id)?.name ??
    id
  );
}

/** A claim subject's display name: `project:x`, `vendor:x`, `country:XX`, `org:x` or `world`. */
export function subjectName(atlas: Atlas, kb: Kb, subject: string): string {
  if (subject === 'world') return 'the world';
  const [kind, id = ''] = subject.split(':');
  if (kind === 'project') return atlas.projects.find((p) => p.id === id)?.name ?? subject;
  return nameOf(atlas, kb, id);
}

/** The year a project started: its `started` field, else its best `started` claim. */
export function projectYear(atlas: Atlas, p: Project): number | undefined {
  const started =
    p.started ??
    atlas.claims
      .filter(
        (c) =>
          c.subject === `project:${p.id}` && c.property === 'started' && c.status !== 'refuted',
      )
      .sort(compareClaims)
      .map((c) => String(c.value))[0];
  return started === undefined ? undefined : Number(started.slice(0, 4));
}

/** Suppliers of a project: its `vendors` plus the objects of its `supplier` claims. */
export function projectSuppliers(atlas: Atlas, p: Project): string[] {
  const out = new Set(p.vendors);
  for (const c of atlas.claims) {
    if (c.subject !== `project:${p.id}` || c.property !== 'supplier' || c.status === 'refuted')
      continue;
    const id = String(c.value).split(':')[1];
    if (id !== undefined) out.add(id);
  }
  return [...out];
}

export interface VendorYearRow {
  vendor: string;
  name: string;
  /** Start year, or null where no record dates the project. */
  year: number | null;
  countries: string[];
  projects: string[];
}

/** Countries with deployments, by supplying vendor and start year. */
export function deploymentsByVendorYear(atlas: Atlas, kb: Kb): VendorYearRow[] {
  const rows = new Map<string, VendorYearRow>();
  for (const p of atlas.projects) {
    const year = projectYear(atlas, p) ?? null;
    for (const v of projectSuppliers(atlas, p)) {
      const key = `${v}|${year ?? ''}`;
      let row = rows.get(key);
      if (row === undefined) {
        row = { vendor: v, name: nameOf(atlas, kb, v), year, countries: [], projects: [] };
        rows.set(key, row);
      }
      if (!row.countries.includes(p.country)) row.countries.push(p.country);
      row.projects.push(p.id);
    }
  }
  return [...rows.values()]
    .map((r) => ({ ...r, countries: r.countries.sort() }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.year ?? 9999) - (b.year ?? 9999));
}

export interface ClaimView {
  id: string;
  property: string;
  value: Claim['value'];
  valueMax?: number;
  precision: Claim['precision'];
  unit?: string;
  asOf?: string;
  status: Claim['status'];
  confidence: Claim['confidence'];
  sources: string[];
}

export function claimView(c: Claim): ClaimView {
  return {
    id: c.id,
    property: c.property,
    value: c.value,
    ...(c.valueMax !== undefined ? { valueMax: c.valueMax } : {}),
    precision: c.precision,
    ...(c.unit !== undefined ? { unit: c.unit } : {}),
    ...(c.asOf !== undefined ? { asOf: c.asOf } : {}),
    status: c.status,
    confidence: c.confidence,
    sources: c.sources.map((s) => s.source),
  };
}

export interface CamerasRow {
  project: string;
  name: string;
  country: string;
  /** Every camera-count claim, best first; several when sources disagree. */
  claims: ClaimView[];
  /** True when the claims give different counts. */
  disputed: boolean;
}

const CAMERA_PROPERTIES = new Set(['cameras', 'cameras-verified', 'cameras-planned']);

/** Camera counts per project, every source's figure side by side. */
export function camerasByProject(atlas: Atlas): CamerasRow[] {
  const rows: CamerasRow[] = [];
  for (const p of atlas.projects) {
    const claims = atlas.claims
      .filter((c) => c.subject === `project:${p.id}` && CAMERA_PROPERTIES.has(c.property))
      .sort(compareClaims);
    if (claims.length === 0) continue;
    const counts = new Set(claims.filter((c) => c.property === 'cameras').map((c) => c.value));
    rows.push({
      project: p.id,
      name: p.name,
      country: p.country,
      claims: claims.map(claimView),
      disputed: counts.size > 1,
    });
  }
  return rows.sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name));
}

export interface FinancingRow {
  /** Financier id (organisation), or `unknown` where no record names one. */
  financier: string;
  name: string;
  /** Sum per currency unit; currencies are never converted. */
  totals: Record<string, number>;
  countries: string[];
  /** The claims summed: the best one per financed subject. */
  claims: string[];
}

/**
 * Financing per financier: for each financed subject and financier the best `financing` claim
 * (refuted ones never count), summed per currency.
 */
export function financingTotals(
  atlas: Atlas,
  kb: Kb,
): {
  byFinancier: FinancingRow[];
  total: Record<string, number>;
} {
  const best = new Map<string, Claim>();
  for (const c of atlas.claims) {
    if (c.property !== 'financing' || c.status === 'refuted' || typeof c.value !== 'number')
      continue;
    const financier = financierOf(atlas, c);
    const key = `${c.subject}|${financier}`;
    const prior = best.get(key);
    if (prior === undefined || compareClaims(c, prior) < 0) best.set(key, c);
  }
  const rows = new Map<string, FinancingRow>();
  const total: Record<string, number> = {};
  for (const c of best.values()) {
    const financier = financierOf(atlas, c);
    let row = rows.get(financier);
    if (row === undefined) {
      row = {
        financier,
        name: financier === 'unknown' ? 'financier not recorded' : nameOf(atlas, kb, financier),
        totals: {},
        countries: [],
        claims: [],
      };
      rows.set(financier, row);
    }
    const unit = c.unit ?? 'usd';
    row.totals[unit] = (row.totals[unit] ?? 0) + Number(c.value);
    total[unit] = (total[unit] ?? 0) + Number(c.value);
    row.claims.push(c.id);
    const country = countryOfSubject(atlas, c.subject);
    if (country !== undefined && !row.countries.includes(country)) row.countries.push(country);
  }
  return {
    byFinancier: [...rows.values()].sort((a, b) => (b.totals.usd ?? 0) - (a.totals.usd ?? 0)),
    total,
  };
}

function financierOf(atlas: Atlas, c: Claim): string {
  if (c.object?.startsWith('organisation:') === true) return c.object.slice('organisation:'.length);
  if (c.subject.startsWith('project:')) {
    const p = atlas.projects.find((x) => x.id === c.subject.slice('project:'.length));
    if (p?.financiers.length === 1 && p.financiers[0] !== undefined) return p.financiers[0];
  }
  return 'unknown';
}

/** The country a claim's subject lies in, where it has one. */
export function countryOfSubject(atlas: Atlas, subject: string): string | undefined {
  const [kind, id] = subject.split(':');
  if (kind === 'country') return id;
  if (kind === 'project') return atlas.projects.find((p) => p.id === id)?.country;
  if (kind === 'place') return atlas.places.find((p) => p.id === id)?.country;
  if (kind === 'agreement') {
    const a = atlas.agreements.find((x) => x.id === id);
    const project = atlas.projects.find((p) => p.id === a?.project);
    return project?.country ?? a?.parties.find((x) => /^[A-Z]{2}$/.test(x));
  }
  return undefined;
}

export interface RestrictionRow {
  jurisdiction: string;
  restrictions: Array<{
    id: string;
    short: string;
    kind: string;
    effective: string;
    until?: string;
  }>;
}

/** kb restrictions grouped by jurisdiction, each list in date order. */
export function restrictionsByJurisdiction(kb: Kb): RestrictionRow[] {
  const rows = new Map<string, RestrictionRow>();
  for (const r of kb.restrictions) {
    let row = rows.get(r.jurisdiction);
    if (row === undefined) {
      row = { jurisdiction: r.jurisdiction, restrictions: [] };
      rows.set(r.jurisdiction, row);
    }
    row.restrictions.push({
      id: r.id,
      short: r.short,
      kind: r.kind,
      effective: r.effective,
      ...(r.until !== undefined ? { until: r.until } : {}),
    });
  }
  for (const row of rows.values())
    row.restrictions.sort((a, b) => a.effective.localeCompare(b.effective));
  return [...rows.values()].sort(
    (a, b) =>
      b.restrictions.length - a.restrictions.length || a.jurisdiction.localeCompare(b.jurisdiction),
  );
}

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
}

/** Capabilities that make a project a surveillance component (not plain telecoms). */
const SURVEILLANCE = new Set([
  'cctv',
  'facial-recognition',
  'licence-plate-recognition',
  'behavioural-analytics',
  'crowd-monitoring',
  'video-analytics',
  'command-centre',
  'traffic-monitoring',
  'border-monitoring',
  'cargo-screening',
  'mobile-tracking',
  'social-media-monitoring',
  'biometric-id',
]);

/** Figures the records can count, by property of a `world` claim. */
const COMPUTED: Record<
  string,
  (atlas: Atlas, kb: Kb) => { n: number; records: string[]; how: string }
> = {
  countries: (atlas, kb) => {
    const projects = atlas.projects.filter((p) =>
      projectSuppliers(atlas, p).some((v) => isChinese(atlas, kb, v)),
    );
    return {
      n: new Set(projects.map((p) => p.country)).size,
      records: projects.map((p) => `project:${p.id}`),
      how: 'countries with a recorded project supplied by a company based in China',
    };
  },
  'smart-city-count': (atlas, kb) => {
    const projects = atlas.projects.filter(
      (p) =>
        (p.kind === 'safe-city' || p.kind === 'smart-city') &&
        projectSuppliers(atlas, p).some((v) => isChinese(atlas, kb, v)),
    );
    const cities = new Set<string>();
    for (const p of projects) {
      const own = p.places.filter((id) => atlas.places.find((x) => x.id === id)?.kind === 'city');
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
    const projects = atlas.projects.filter(
      (p) => p.bri && p.capabilities.some((c) => SURVEILLANCE.has(c)),
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
    atlas.sources.find((s) => s.id === id)?.title ?? kb.sources.get(id)?.title ?? id;
  const rows: HeadlineRow[] = [];
  for (const c of atlas.claims) {
    if (typeof c.value !== 'number' || !c.sources.some((s) => s.source === SEED_SOURCE)) continue;
    const label = PROPERTIES[c.property]?.label ?? c.property;
    const compute = c.subject === 'world' ? COMPUTED[c.property] : undefined;
    let support: Support;
    if (compute !== undefined) {
      const r = compute(atlas, kb);
      const claimed = c.value;
      const ok =
        c.precision === 'at-least' || c.precision === 'exact' ? r.n >= claimed : r.n <= claimed;
      support = { kind: 'computed', ...r, verdict: ok ? 'supported' : 'not-supported' };
    } else {
      const others = atlas.claims
        .filter(
          (o) =>
            o.id !== c.id &&
            o.subject === c.subject &&
            o.property === c.property &&
            typeof o.value === 'number' &&
            o.status !== 'refuted' &&
            !o.sources.some((s) => s.source === SEED_SOURCE),
        )
        .sort(compareClaims);
      if (others.length === 0) {
        support = {
          kind: 'none',
          reason:
            c.subject === 'world'
              ? 'the records hold no figures to count this from, and no other source states it'
              : 'no other source in the records states this figure',
        };
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
    });
  }
  return rows;
}

/** Whether another source's figure backs a claimed one (within 10 %, or meeting an "at least"). */
function agreesWith(claim: Claim, other: Claim): boolean {
  const a = Number(claim.value);
  const b = Number(other.value);
  if ((claim.unit ?? '') !== (other.unit ?? '')) return false;
  if (claim.precision === 'at-least') return b >= a * 0.9;
  if (claim.precision === 'at-most') return b <= a * 1.1;
  return Math.abs(a - b) <= Math.abs(a) * 0.1;
}

export interface AtlasStats {
  counts: Record<string, number>;
  headlines: HeadlineRow[];
  deployments: VendorYearRow[];
  cameras: CamerasRow[];
  financing: ReturnType<typeof financingTotals>;
  restrictions: RestrictionRow[];
}

export function atlasStats(atlas: Atlas, kb: Kb): AtlasStats {
  return {
    counts: Object.fromEntries(Object.entries(atlas).map(([k, v]) => [k, v.length])),
    headlines: headlineFigures(atlas, kb),
    deployments: deploymentsByVendorYear(atlas, kb),
    cameras: camerasByProject(atlas),
    financing: financingTotals(atlas, kb),
    restrictions: restrictionsByJurisdiction(kb),
  };
}
