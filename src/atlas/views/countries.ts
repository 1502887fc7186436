// Countries as the list, the map and their pages show them (pure): surveillance and
// infrastructure projects counted apart, names for every id, restrictions with their sources.
import type { CountryItem, CountryPage, RestrictionLine } from '../../contract/atlas.js';
import type { Kb, Restriction } from '../../kb/index.js';
import { placeName, restrictionKindLabels } from '../../kb/labels.js';
import { dateText, type SourceBook } from '../../kb/source-book.js';
import { projectClass } from '../classes.js';
import type { Atlas } from '../schema.js';
import { atlasIndex, nameFor, sourceBook } from './atlas-index.js';
import { figuresOf } from './figures.js';
import { projectItem } from './projects.js';

/** Restrictions by the country part of their jurisdiction (`US-VT` counts for `US`). */
function restrictionsIn(kb: Kb, country: string): Restriction[] {
  return kb.restrictions.filter((r) => r.jurisdiction.split('-')[0] === country);
}

/** Every country of the atlas as a list row, with its projects counted by class. */
export function countryList(atlas: Atlas, kb: Kb): CountryItem[] {
  const index = atlasIndex(atlas);
  return atlas.countries.map((c) => {
    const projects = index.projectsByCountry.get(c.id) ?? [];
    const suppliers = new Set(projects.flatMap((p) => index.suppliers.get(p.id) ?? []));
    let claims = (index.claimsBySubject.get(`country:${c.id}`) ?? []).length;
    for (const p of projects) claims += (index.claimsBySubject.get(`project:${p.id}`) ?? []).length;
    return {
      id: c.id,
      name: c.name,
      iso3: c.iso3,
      numeric: c.numeric,
      region: c.region,
      surveillanceProjects: projects.filter((p) => projectClass(p) === 'surveillance').length,
      infrastructureProjects: projects.filter((p) => projectClass(p) === 'infrastructure').length,
      claims,
      suppliers: [...suppliers].map((id) => ({ id, name: nameFor(atlas, kb, id) })),
      restrictions: restrictionsIn(kb, c.id).length,
    };
  });
}

/** A restriction as a line on a page, with its citations. */
export function restrictionLine(r: Restriction, book: SourceBook): RestrictionLine {
  return {
    id: r.id,
    short: r.short,
    title: r.title,
    jurisdiction: r.jurisdiction,
    jurisdictionName: placeName(r.jurisdiction),
    kindLabel: restrictionKindLabels[r.kind] ?? r.kind,
    effective: r.effective,
    effectiveText: dateText(r.effective),
    ...(r.until !== undefined ? { until: r.until, untilText: dateText(r.until) } : {}),
    cites: book.cite(r.sources),
  };
}

/** A country's page, or undefined when the atlas has no such country. */
export function countryPage(atlas: Atlas, kb: Kb, id: string): CountryPage | undefined {
  const index = atlasIndex(atlas);
  const c = index.countries.get(id);
  if (c === undefined) return undefined;
  const book = sourceBook(atlas, kb);
  const figures = figuresOf(atlas, kb, `country:${c.id}`, book);
  const projects = (index.projectsByCountry.get(c.id) ?? [])
    .map((p) => projectItem(atlas, kb, p))
    .sort((a, b) => a.class.localeCompare(b.class) || a.name.localeCompare(b.name));
  // Project figures are on the project pages; a country's page cites what it shows itself.
  const trainings = atlas.trainings
    .filter((t) => t.participants.includes(c.id))
    .map((t) => ({ id: t.id, name: t.name, summary: t.summary, cites: book.cite(t.sources) }));
  const restrictions = restrictionsIn(kb, c.id)
    .sort((a, b) => a.effective.localeCompare(b.effective))
    .map((r) => restrictionLine(r, book));
  return {
    id: c.id,
    name: c.name,
    region: c.region,
    figures,
    projects,
    trainings,
    restrictions,
    sources: book.entries(),
  };
}
