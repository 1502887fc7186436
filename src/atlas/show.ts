// `atlas show` (pure): find a country, project, vendor or organisation by code, id or name, and
// gather everything the atlas records about it, each figure with its sources and disagreeing
// figures side by side.
import type { Kb } from '../kb/index.js';
import { foldName } from '../shared/text.js';
import { CAPABILITIES, type Atlas, type Claim, type Project } from './schema.js';
import { claimsDisagree } from './headlines.js';
import { byId, claimsBySubject } from './lookup.js';
import { PROPERTIES } from './properties.js';
import { compareClaims, formatAmount, nameOf, projectSuppliers } from './records.js';

export interface SourceView {
  n: number;
  id: string;
  title: string;
  publisher: string;
  date: string;
  url?: string;
}

export interface FigureView {
  property: string;
  label: string;
  /** Every claim on the property, best first. */
  claims: Array<{
    id: string;
    text: string;
    value: Claim['value'];
    unit?: string;
    asOf?: string;
    confidence: string;
    status: string;
    sources: number[];
    quote?: string;
    note?: string;
  }>;
  /** True when the claims state different values. */
  disagree: boolean;
}

export interface ProjectView {
  id: string;
  name: string;
  aliases: string[];
  kind: string;
  country: string;
  status: string;
  started?: string;
  bri: boolean;
  summary: string;
  places: string[];
  suppliers: Array<{ id: string; name: string }>;
  financiers: Array<{ id: string; name: string }>;
  capabilities: string[];
  figures: FigureView[];
  agreements: Array<{ id: string; name: string; kind: string; date?: string; sources: number[] }>;
  sources: number[];
}

export interface SubjectView {
  kind: 'country' | 'project' | 'vendor' | 'organisation';
  id: string;
  name: string;
  /** One line under the title: region, headquarters, kind. */
  about: string;
  figures: FigureView[];
  projects: ProjectView[];
  trainings: Array<{ id: string; name: string; summary: string; sources: number[] }>;
  restrictions: Array<{
    id: string;
    short: string;
    title: string;
    effective: string;
    jurisdiction: string;
  }>;
  sources: SourceView[];
}

const normal = foldName;

/** What a query names: tried as country, project, vendor, then organisation. */
export function findSubject(
  atlas: Atlas,
  kb: Kb,
  query: string,
): { kind: SubjectView['kind']; id: string } | undefined {
  const q = normal(query);
  const country = atlas.countries.find(
    (c) => normal(c.id) === q || normal(c.iso3) === q || normal(c.name) === q,
  );
  if (country !== undefined) return { kind: 'country', id: country.id };
  const project = atlas.projects.find(
    (p) => normal(p.id) === q || normal(p.name) === q || p.aliases.some((a) => normal(a) === q),
  );
  if (project !== undefined) return { kind: 'project', id: project.id };
  for (const v of kb.vendors.values()) {
    if ([v.id, v.name, ...v.aliases, ...v.legalNames].some((n) => normal(n) === q))
      return { kind: 'vendor', id: v.id };
  }
  const org = atlas.organisations.find(
    (o) => normal(o.id) === q || normal(o.name) === q || o.aliases.some((a) => normal(a) === q),
  );
  if (org !== undefined) return { kind: 'organisation', id: org.id };
  return undefined;
}

/** Close names for a query that matched nothing, for the error message. */
export function suggestSubjects(atlas: Atlas, kb: Kb, query: string): string[] {
  const q = normal(query);
  const names = [
    ...atlas.countries.map((c) => c.name),
    ...atlas.projects.map((p) => p.name),
    ...[...kb.vendors.values()].map((v) => v.name),
    ...atlas.organisations.map((o) => o.name),
  ];
  return names.filter((n) => q.length > 0 && normal(n).includes(q)).slice(0, 8);
}

export function showSubject(
  atlas: Atlas,
  kb: Kb,
  subject: { kind: SubjectView['kind']; id: string },
): SubjectView {
  const sources: SourceView[] = [];
  const numbers = new Map<string, number>();
  const cite = (id: string): number => {
    const known = numbers.get(id);
    if (known !== undefined) return known;
    const s = byId(atlas.sources).get(id) ?? kb.sources.get(id);
    const view: SourceView = {
      n: sources.length + 1,
      id,
      title: s?.title ?? id,
      publisher: s?.publisher ?? '',
      date: s?.date ?? 'n.d.',
      ...(s?.url !== undefined ? { url: s.url } : {}),
    };
    sources.push(view);
    numbers.set(id, view.n);
    return view.n;
  };
  const figures = (ref: string): FigureView[] => {
    const byProperty = new Map<string, Claim[]>();
    for (const c of claimsBySubject(atlas.claims).get(ref) ?? []) {
      const list = byProperty.get(c.property);
      if (list === undefined) byProperty.set(c.property, [c]);
      else list.push(c);
    }
    return [...byProperty.entries()].map(([property, claims]) => {
      claims.sort(compareClaims);
      return {
        property,
        label: PROPERTIES[property]?.label ?? property,
        claims: claims.map((c) => ({
          id: c.id,
          text: claimText(atlas, kb, c),
          value: c.value,
          ...(c.unit !== undefined ? { unit: c.unit } : {}),
          ...(c.asOf !== undefined ? { asOf: c.asOf } : {}),
          confidence: c.confidence,
          status: c.status,
          sources: [...new Set(c.sources.map((s) => cite(s.source)))],
          ...(c.sources[0]?.quote !== undefined ? { quote: c.sources[0].quote } : {}),
          ...(c.note !== undefined ? { note: c.note } : {}),
        })),
        disagree: claimsDisagree(claims),
      };
    });
  };
  const agreementsOf = new Map<string, Atlas['agreements']>();
  for (const a of atlas.agreements) {
    if (a.project === undefined) continue;
    const list = agreementsOf.get(a.project);
    if (list === undefined) agreementsOf.set(a.project, [a]);
    else list.push(a);
  }
  const projectView = (p: Project): ProjectView => ({
    id: p.id,
    name: p.name,
    aliases: p.aliases,
    kind: p.kind,
    country: p.country,
    status: p.status,
    ...(p.started !== undefined ? { started: p.started } : {}),
    bri: p.bri,
    summary: p.summary,
    places: p.places.map((id) => byId(atlas.places).get(id)?.name ?? id),
    suppliers: projectSuppliers(atlas, p).map((id) => ({ id, name: nameOf(atlas, kb, id) })),
    financiers: p.financiers.map((id) => ({ id, name: nameOf(atlas, kb, id) })),
    capabilities: p.capabilities.map((c) => CAPABILITIES[c]),
    figures: figures(`project:${p.id}`),
    agreements: (agreementsOf.get(p.id) ?? []).map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      ...(a.date !== undefined ? { date: a.date } : {}),
      sources: [...new Set(a.sources.map(cite))],
    })),
    sources: [...new Set(p.sources.map(cite))],
  });

  const { kind, id } = subject;
  let name = id;
  let about = '';
  let projects: Project[] = [];
  let trainings: Atlas['trainings'] = [];
  let restrictions: Kb['restrictions'] = [];
  if (kind === 'country') {
    const c = byId(atlas.countries).get(id);
    name = c?.name ?? id;
    about = `${c?.region ?? ''} · ISO ${id}/${c?.iso3 ?? ''}/${c?.numeric ?? ''}`;
    projects = atlas.projects.filter((p) => p.country === id);
    trainings = atlas.trainings.filter((t) => t.participants.includes(id));
    restrictions = kb.restrictions.filter((r) => r.jurisdiction.split('-')[0] === id);
  } else if (kind === 'project') {
    projects = atlas.projects.filter((p) => p.id === id);
    name = projects[0]?.name ?? id;
    about = `${projects[0]?.kind ?? ''} in ${nameOf(atlas, kb, projects[0]?.country ?? '')}`;
  } else if (kind === 'vendor') {
    const v = kb.vendors.get(id);
    name = v?.name ?? id;
    about = `vendor, headquarters ${v?.country ?? '?'}`;
    projects = atlas.projects.filter((p) => projectSuppliers(atlas, p).includes(id));
    trainings = atlas.trainings.filter((t) => t.provider === id);
    restrictions = kb.restrictions.filter((r) => r.entities.some((e) => e.vendor === id));
  } else {
    const o = byId(atlas.organisations).get(id);
    name = o?.name ?? id;
    about = `${o?.kind ?? 'organisation'}, ${o?.country ?? '?'}`;
    projects = atlas.projects.filter(
      (p) => p.financiers.includes(id) || projectSuppliers(atlas, p).includes(id),
    );
    trainings = atlas.trainings.filter((t) => t.provider === id);
  }
  const own = kind === 'project' ? [] : figures(`${kind}:${id}`);

  return {
    kind,
    id,
    name,
    about,
    figures: own,
    projects: projects.map(projectView),
    trainings: trainings.map((t) => ({
      id: t.id,
      name: t.name,
      summary: t.summary,
      sources: [...new Set(t.sources.map(cite))],
    })),
    restrictions: restrictions.map((r) => ({
      id: r.id,
      short: r.short,
      title: r.title,
      effective: r.effective,
      jurisdiction: r.jurisdiction,
    })),
    sources,
  };
}

/** A claim's value as words: `8,000+ cameras`, `USD 240,000,000`, `Huawei`. */
export function claimText(atlas: Atlas, kb: Kb, c: Claim): string {
  const v = c.value;
  let text: string;
  if (typeof v === 'number') {
    text = formatAmount(c);
  } else if (typeof v === 'string' && /^[a-z]+:/.test(v)) {
    text = nameOf(atlas, kb, v.slice(v.indexOf(':') + 1));
  } else text = String(v);
  if (c.object !== undefined)
    text += ` (${nameOf(atlas, kb, c.object.slice(c.object.indexOf(':') + 1))})`;
  if (c.scope !== undefined) text += ` in ${nameOf(atlas, kb, c.scope)}`;
  return text;
}
