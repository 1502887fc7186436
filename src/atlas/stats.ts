// Statistics over atlas records (pure): deployments by vendor and year, cameras by project,
// financing totals, restrictions by jurisdiction; with the seed article's headline figures
// (headlines.ts) they make `atlas stats` and the API's /statistics.
import type { Kb } from '../kb/index.js';
import { hasCanonicalUrl, hostOf } from '../shared/source-hosts.js';
import { projectClass, type ProjectClass } from './classes.js';
import { headlineFigures, type HeadlineRow } from './headlines.js';
import { byId, claimsBySubject } from './lookup.js';
import {
  claimView,
  compareClaims,
  isChinese,
  nameOf,
  projectSuppliers,
  projectYear,
  type ClaimView,
} from './records.js';
import type { Atlas, Claim } from './schema.js';

export interface VendorYearRow {
  vendor: string;
  name: string;
  /** Surveillance projects and infrastructure projects are counted apart. */
  class: ProjectClass;
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
    const cls = projectClass(p);
    for (const v of projectSuppliers(atlas, p)) {
      const key = `${v}|${year ?? ''}|${cls}`;
      let row = rows.get(key);
      if (row === undefined) {
        row = {
          vendor: v,
          name: nameOf(atlas, kb, v),
          class: cls,
          year,
          countries: [],
          projects: [],
        };
        rows.set(key, row);
      }
      if (!row.countries.includes(p.country)) row.countries.push(p.country);
      row.projects.push(p.id);
    }
  }
  return [...rows.values()]
    .map((r) => ({ ...r, countries: r.countries.sort() }))
    .sort(
      (a, b) =>
        a.class.localeCompare(b.class) ||
        a.name.localeCompare(b.name) ||
        (a.year ?? 9999) - (b.year ?? 9999),
    );
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
    const claims = (claimsBySubject(atlas.claims).get(`project:${p.id}`) ?? [])
      .filter((c) => CAMERA_PROPERTIES.has(c.property))
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
    const p = byId(atlas.projects).get(c.subject.slice('project:'.length));
    if (p?.financiers.length === 1 && p.financiers[0] !== undefined) return p.financiers[0];
  }
  return 'unknown';
}

/** The country a claim's subject lies in, where it has one. */
export function countryOfSubject(atlas: Atlas, subject: string): string | undefined {
  const [kind, id] = subject.split(':');
  if (kind === 'country') return id;
  if (id === undefined) return undefined;
  if (kind === 'project') return byId(atlas.projects).get(id)?.country;
  if (kind === 'place') return byId(atlas.places).get(id)?.country;
  if (kind === 'agreement') {
    const a = byId(atlas.agreements).get(id);
    const project = a?.project === undefined ? undefined : byId(atlas.projects).get(a.project);
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

/** How well the records are sourced: canonical addresses, independent sources per project. */
export interface Sourcing {
  sources: number;
  /** Sources whose `url` is the publisher's own page (not a copy host, not missing). */
  withCanonicalUrl: number;
  canonicalShare: number;
  /** Sources by kind: government, news, research, vendor, dataset, … */
  byKind: Record<string, number>;
  /** Reviewed surveillance projects, and those citing two or more independent sources. */
  surveillanceProjects: number;
  withTwoIndependentSources: number;
  twoIndependentShare: number;
}

/**
 * Sources of a project, counted as independent when their publishing sites differ: the host of the
 * canonical url (or of the copy where there is none). Copies of one article on the same site count
 * once; syndicated copies on different sites would count twice, so the figure is an upper bound.
 */
export function independentSourceCount(atlas: Atlas, sourceIds: readonly string[]): number {
  const byId = new Map(atlas.sources.map((s) => [s.id, s]));
  const hosts = new Set<string>();
  for (const id of sourceIds) {
    const s = byId.get(id);
    const address = s?.url ?? s?.readAt;
    hosts.add(address === undefined ? `id:${id}` : (hostOf(address) ?? address));
  }
  return hosts.size;
}

export function sourcing(atlas: Atlas): Sourcing {
  const canonical = atlas.sources.filter((s) => hasCanonicalUrl(s)).length;
  const byKind: Record<string, number> = {};
  for (const s of atlas.sources) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
  const projects = atlas.projects.filter(
    (p) => p.review === undefined && projectClass(p) === 'surveillance',
  );
  const two = projects.filter((p) => independentSourceCount(atlas, p.sources) >= 2).length;
  const share = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);
  return {
    sources: atlas.sources.length,
    withCanonicalUrl: canonical,
    canonicalShare: share(canonical, atlas.sources.length),
    byKind,
    surveillanceProjects: projects.length,
    withTwoIndependentSources: two,
    twoIndependentShare: share(two, projects.length),
  };
}

export interface AtlasStats {
  /** All project records, review candidates included. */
  projects: number;
  /** Countries with at least one reviewed surveillance project (any supplier). */
  countriesWithSurveillanceProjects: number;
  /** Of those, countries where a company (or state body) based in China supplied one. */
  countriesWithChineseSuppliedSurveillanceProjects: number;
  /** Projects made by an importer and not yet reviewed (left out of every count above). */
  reviewCandidates: number;
  sourcing: Sourcing;
  counts: Record<string, number>;
  headlines: HeadlineRow[];
  deployments: VendorYearRow[];
  cameras: CamerasRow[];
  financing: ReturnType<typeof financingTotals>;
  restrictions: RestrictionRow[];
}

export function atlasStats(atlas: Atlas, kb: Kb): AtlasStats {
  const surveillance = atlas.projects.filter(
    (p) => p.review === undefined && projectClass(p) === 'surveillance',
  );
  const chinese = surveillance.filter((p) =>
    projectSuppliers(atlas, p).some((v) => isChinese(atlas, kb, v)),
  );
  const countriesWithSurveillanceProjects = new Set(surveillance.map((p) => p.country)).size;
  return {
    projects: atlas.projects.length,
    countriesWithSurveillanceProjects,
    countriesWithChineseSuppliedSurveillanceProjects: new Set(chinese.map((p) => p.country)).size,
    reviewCandidates: atlas.projects.filter((p) => p.review !== undefined).length,
    sourcing: sourcing(atlas),
    counts: {
      countriesWithSurveillanceProjects,
      ...Object.fromEntries(Object.entries(atlas).map(([k, v]) => [k, v.length])),
      surveillanceProjects: atlas.projects.filter((p) => projectClass(p) === 'surveillance').length,
      infrastructureProjects: atlas.projects.filter((p) => projectClass(p) === 'infrastructure')
        .length,
    },
    headlines: headlineFigures(atlas, kb),
    deployments: deploymentsByVendorYear(atlas, kb),
    cameras: camerasByProject(atlas),
    financing: financingTotals(atlas, kb),
    restrictions: restrictionsByJurisdiction(kb),
  };
}
