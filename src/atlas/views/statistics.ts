// The statistics page (pure): the domain's statistics with names for every id, amounts in their
// currencies, and every claim's citations numbered in one source list.
import type { FigureClaim } from '../../contract/common.js';
import type { Statistics } from '../../contract/statistics.js';
import type { Kb } from '../../kb/index.js';
import { placeName, restrictionKindLabels } from '../../kb/labels.js';
import { dateText } from '../../kb/source-book.js';
import { projectClass } from '../classes.js';
import type { HeadlineRow } from '../headlines.js';
import { formatAmount, projectYear, type ClaimView } from '../records.js';
import type { Atlas } from '../schema.js';
import { atlasStats } from '../stats.js';
import { atlasIndex, nameFor, sourceBook } from './atlas-index.js';
import { figureClaim } from './figures.js';

/** The statistics with names, currencies and numbered sources. */
export function statisticsView(atlas: Atlas, kb: Kb): Statistics {
  const s = atlasStats(atlas, kb);
  const book = sourceBook(atlas, kb);
  const ref = (id: string) => ({ id, name: nameFor(atlas, kb, id) });
  const claimById = new Map(atlas.claims.map((c) => [c.id, c]));
  const claim = (v: ClaimView): FigureClaim => {
    const c = claimById.get(v.id);
    return c === undefined
      ? { id: v.id, text: v.display, status: v.status, confidence: v.confidence, cites: [] }
      : figureClaim(atlas, kb, c, book);
  };
  const surveillance = atlas.projects.filter((p) => projectClass(p) === 'surveillance');
  return {
    counts: {
      countries: atlas.countries.length,
      projects: atlas.projects.length,
      surveillanceProjects: surveillance.length,
      infrastructureProjects: atlas.projects.length - surveillance.length,
      countriesWithSurveillanceProjects: new Set(surveillance.map((p) => p.country)).size,
      claims: atlas.claims.length,
      sources: atlas.sources.length,
    },
    headlines: s.headlines.map((h) => headline(atlas, kb, h, claim)),
    deployments: s.deployments.map((d) => ({
      vendor: {
        ...ref(d.vendor),
        url: kb.vendors.has(d.vendor) ? `/vendors/${d.vendor}` : `/projects?vendor=${d.vendor}`,
      },
      class: d.class,
      year: d.year,
      countries: d.countries.map(ref),
      projects: d.projects.map((id) => ({
        id,
        name: atlas.projects.find((p) => p.id === id)?.name ?? id,
      })),
    })),
    projectsByYear: projectsByYear(atlas),
    cameras: s.cameras.map((row) => ({
      project: { id: row.project, name: row.name },
      country: ref(row.country),
      claims: row.claims.map((c) => ({ ...claim(c), property: c.property })),
      disputed: row.disputed,
    })),
    financing: s.financing.byFinancier.map((f) => ({
      financier: { id: f.financier, name: f.name },
      totals: Object.entries(f.totals).map(([currency, amount]) => ({
        currency: currency.toUpperCase(),
        amount,
        text: formatAmount({ value: amount, unit: currency, precision: 'exact' }),
      })),
      countries: f.countries.map(ref),
      cites: book.cite(
        f.claims.flatMap((id) => claimById.get(id)?.sources.map((x) => x.source) ?? []),
      ),
    })),
    restrictions: s.restrictions.map((row) => ({
      jurisdiction: row.jurisdiction,
      jurisdictionName: placeName(row.jurisdiction),
      restrictions: row.restrictions.map((r) => ({
        id: r.id,
        short: r.short,
        kindLabel: restrictionKindLabels[r.kind] ?? r.kind,
        effective: r.effective,
        effectiveText: dateText(r.effective),
        ...(r.until !== undefined ? { until: r.until } : {}),
        cites: book.cite(kb.restrictions.find((x) => x.id === r.id)?.sources ?? []),
      })),
    })),
    sources: book.entries(),
  };
}

function headline(
  atlas: Atlas,
  kb: Kb,
  h: HeadlineRow,
  claim: (v: ClaimView) => FigureClaim,
): Statistics['headlines'][number] {
  const s = h.support;
  const support: Statistics['headlines'][number]['support'] =
    s.kind === 'computed'
      ? {
          kind: 'computed',
          n: s.n,
          how: s.how,
          verdict: s.verdict,
          records: s.records.map((r) => recordRef(atlas, kb, r)),
        }
      : s.kind === 'none'
        ? s
        : { kind: s.kind, claims: s.claims.map(claim) };
  return {
    subject: { id: h.subject, name: h.subjectName },
    label: h.label,
    claim: claim(h.claim),
    by: h.by,
    support,
  };
}

/** `project:x` / `place:y` as a reference with its name. */
function recordRef(atlas: Atlas, kb: Kb, r: string): { id: string; name: string } {
  const [kind, id = ''] = r.split(':');
  const index = atlasIndex(atlas);
  if (kind === 'project')
    return { id: r, name: atlas.projects.find((p) => p.id === id)?.name ?? id };
  if (kind === 'place') return { id: r, name: index.places.get(id)?.name ?? id };
  return { id: r, name: nameFor(atlas, kb, id) };
}

/** Projects by start year, surveillance and infrastructure apart (undated ones left out). */
function projectsByYear(atlas: Atlas): Statistics['projectsByYear'] {
  const years = new Map<number, { surveillance: number; infrastructure: number }>();
  for (const p of atlas.projects) {
    const y = projectYear(atlas, p);
    if (y === undefined) continue;
    const row = years.get(y) ?? { surveillance: 0, infrastructure: 0 };
    row[projectClass(p)]++;
    years.set(y, row);
  }
  return [...years].sort((a, b) => a[0] - b[0]).map(([year, v]) => ({ year, ...v }));
}
