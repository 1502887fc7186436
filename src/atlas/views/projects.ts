// Projects as lists and pages show them (pure): names for every id, the class (surveillance or
// infrastructure), a dated timeline, financing in its own currencies, places with coordinates,
// related projects, and every figure with numbered sources.
import type { ProjectItem, ProjectPage } from '../../contract/atlas.js';
import type { TimelineEntry } from '../../contract/common.js';
import type { Kb } from '../../kb/index.js';
import { dateText, type SourceBook } from '../../kb/source-book.js';
import { projectClass } from '../classes.js';
import { compareClaims, projectYear } from '../records.js';
import type { Atlas, Project } from '../schema.js';
import { atlasIndex, nameFor, sourceBook } from './atlas-index.js';
import { figureClaim, figuresOf } from './figures.js';
import {
  agreementKindLabels,
  capabilityLabel,
  placeKindLabels,
  projectKindLabels,
  projectStatusLabels,
} from './labels.js';

const money = new Set(['financing', 'contract-value', 'project-cost']);

/** A project as a list row. */
export function projectItem(atlas: Atlas, kb: Kb, p: Project): ProjectItem {
  const index = atlasIndex(atlas);
  const party = (id: string, role: 'vendor' | 'financier') => ({
    id,
    name: nameFor(atlas, kb, id),
    url: kb.vendors.has(id) ? `/vendors/${id}` : `/projects?${role}=${id}`,
  });
  const year = projectYear(atlas, p);
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    kindLabel: projectKindLabels[p.kind] ?? p.kind,
    class: projectClass(p),
    country: { id: p.country, name: nameFor(atlas, kb, p.country) },
    status: p.status,
    statusLabel: projectStatusLabels[p.status] ?? p.status,
    ...(p.started !== undefined ? { started: p.started, startedText: dateText(p.started) } : {}),
    ...(year !== undefined ? { year } : {}),
    suppliers: (index.suppliers.get(p.id) ?? []).map((id) => party(id, 'vendor')),
    financiers: p.financiers.map((id) => party(id, 'financier')),
    capabilities: p.capabilities.map((c) => ({ id: c, name: capabilityLabel(c) })),
    bri: p.bri,
  };
}

/** Every project as list rows. */
export function projectList(atlas: Atlas, kb: Kb): ProjectItem[] {
  return atlas.projects.map((p) => projectItem(atlas, kb, p));
}

/** A project's own page, or undefined when no project has this id. */
export function projectPage(atlas: Atlas, kb: Kb, id: string): ProjectPage | undefined {
  const p = atlas.projects.find((x) => x.id === id);
  if (p === undefined) return undefined;
  const index = atlasIndex(atlas);
  const book = sourceBook(atlas, kb);
  const cites = book.cite(p.sources);
  const subject = `project:${p.id}`;
  const claims = index.claimsBySubject.get(subject) ?? [];
  const financing = claims
    .filter((c) => money.has(c.property))
    .sort(compareClaims)
    .map((c) => figureClaim(atlas, kb, c, book));
  const agreements = (index.agreementsByProject.get(p.id) ?? []).map((a) => ({
    id: a.id,
    name: a.name,
    kindLabel: agreementKindLabels[a.kind] ?? a.kind,
    ...(a.date !== undefined ? { date: a.date, dateText: dateText(a.date) } : {}),
    parties: a.parties.map((x) => ({ id: x, name: nameFor(atlas, kb, x) })),
    cites: book.cite(a.sources),
  }));
  return {
    ...projectItem(atlas, kb, p),
    aliases: p.aliases,
    summary: p.summary,
    places: p.places.flatMap((pid) => {
      const place = index.places.get(pid);
      return place === undefined
        ? []
        : [
            {
              id: place.id,
              name: place.name,
              kindLabel: placeKindLabels[place.kind] ?? place.kind,
              lat: place.lat,
              lon: place.lon,
            },
          ];
    }),
    financing,
    figures: figuresOf(atlas, kb, subject, book, money),
    timeline: timelineOf(atlas, p, book),
    agreements,
    related: relatedProjects(atlas, p).map((r) => projectItem(atlas, kb, r)),
    cites,
    sources: book.entries(),
  };
}

/** Dated events of a project, oldest first: its start, its agreements, its dated `started`/`completed` claims. */
function timelineOf(atlas: Atlas, p: Project, book: SourceBook): TimelineEntry[] {
  const index = atlasIndex(atlas);
  const out: TimelineEntry[] = [];
  const add = (date: string, label: string, kind: string, sources: readonly string[]): void => {
    out.push({ date, dateText: dateText(date), label, kind, cites: book.cite(sources) });
  };
  if (p.started !== undefined) add(p.started, 'started', 'started', p.sources);
  for (const a of index.agreementsByProject.get(p.id) ?? [])
    if (a.date !== undefined) add(a.date, a.name, 'agreement', a.sources);
  for (const c of index.claimsBySubject.get(`project:${p.id}`) ?? []) {
    if ((c.property === 'started' || c.property === 'completed') && typeof c.value === 'string')
      add(
        c.value,
        c.property,
        'claim',
        c.sources.map((s) => s.source),
      );
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
}

/** Other projects in the same country or with a supplier in common, nearest first. */
function relatedProjects(atlas: Atlas, p: Project): Project[] {
  const index = atlasIndex(atlas);
  const seen = new Set<string>([p.id]);
  const out: Project[] = [];
  const add = (list: readonly Project[] | undefined): void => {
    for (const r of list ?? []) {
      if (seen.has(r.id) || out.length >= 12) continue;
      seen.add(r.id);
      out.push(r);
    }
  };
  add(index.projectsByCountry.get(p.country));
  for (const v of index.suppliers.get(p.id) ?? []) add(index.projectsBySupplier.get(v));
  return out;
}
