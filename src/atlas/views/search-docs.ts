// What search finds (pure): one document per country, project, organisation, vendor, claim,
// source and restriction, each with the observatory page that shows it.
import type { SearchType } from '../../contract/search.js';
import type { Kb } from '../../kb/index.js';
import { placeName } from '../../kb/labels.js';
import { PROPERTIES } from '../properties.js';
import type { Atlas } from '../schema.js';
import { claimText } from '../show.js';
import { atlasIndex, nameFor } from './atlas-index.js';
import { projectKindLabels } from './labels.js';

export interface SearchDocument {
  type: SearchType;
  id: string;
  url: string;
  title: string;
  body: string;
}

/** The page a claim's subject is shown on. */
function subjectUrl(atlas: Atlas, subject: string): string {
  const [kind, id = ''] = subject.split(':');
  if (kind === 'project') return `/projects/${id}`;
  if (kind === 'country') return `/countries/${id}`;
  if (kind === 'vendor') return `/vendors/${id}`;
  if (kind === 'place') return `/countries/${atlasIndex(atlas).places.get(id)?.country ?? ''}`;
  if (kind === 'organisation') return `/projects?financier=${id}`;
  return '/statistics';
}

/** Every document of the search index, built from the atlas and the kb. */
export function searchDocuments(atlas: Atlas, kb: Kb): SearchDocument[] {
  const index = atlasIndex(atlas);
  const docs: SearchDocument[] = [];
  const citedAt = new Map<string, string>();
  const cite = (ids: readonly string[], url: string): void => {
    for (const id of ids) if (!citedAt.has(id)) citedAt.set(id, url);
  };
  for (const c of atlas.countries)
    docs.push({
      type: 'country',
      id: c.id,
      url: `/countries/${c.id}`,
      title: c.name,
      body: `${c.iso3} ${c.region}`,
    });
  for (const p of atlas.projects) {
    const url = `/projects/${p.id}`;
    cite(p.sources, url);
    const suppliers = (index.suppliers.get(p.id) ?? []).map((v) => nameFor(atlas, kb, v));
    docs.push({
      type: 'project',
      id: p.id,
      url,
      title: p.name,
      body: [
        ...p.aliases,
        projectKindLabels[p.kind] ?? p.kind,
        nameFor(atlas, kb, p.country),
        ...suppliers,
        p.summary,
      ].join(' · '),
    });
  }
  for (const o of atlas.organisations)
    docs.push({
      type: 'organisation',
      id: o.id,
      url: `/projects?financier=${o.id}`,
      title: o.name,
      body: [...o.aliases, o.summary ?? ''].join(' · '),
    });
  for (const v of kb.vendors.values()) {
    cite(v.sources, `/vendors/${v.id}`);
    docs.push({
      type: 'vendor',
      id: v.id,
      url: `/vendors/${v.id}`,
      title: v.name,
      body: [...v.aliases, ...v.legalNames, placeName(v.country)].join(' · '),
    });
  }
  for (const c of atlas.claims) {
    const url = subjectUrl(atlas, c.subject);
    cite(
      c.sources.map((s) => s.source),
      url,
    );
    const subject =
      c.subject === 'world' ? 'the world' : nameFor(atlas, kb, c.subject.split(':')[1] ?? '');
    const title = `${subject === c.subject.split(':')[1] ? (atlas.projects.find((p) => `project:${p.id}` === c.subject)?.name ?? subject) : subject}: ${PROPERTIES[c.property]?.label ?? c.property} ${claimText(atlas, kb, c)}`;
    docs.push({
      type: 'claim',
      id: c.id,
      url,
      title,
      body: [c.sources[0]?.quote ?? '', c.note ?? ''].join(' '),
    });
  }
  for (const r of kb.restrictions) {
    const url = r.entities[0] !== undefined ? `/vendors/${r.entities[0].vendor}` : '/statistics';
    cite(r.sources, url);
    docs.push({
      type: 'restriction',
      id: r.id,
      url,
      title: `${r.short} — ${r.title}`,
      body: `${placeName(r.jurisdiction)} ${r.instrument}`,
    });
  }
  const sources = [...atlas.sources, ...kb.sources.values()];
  for (const s of sources) {
    const url = citedAt.get(s.id);
    if (url === undefined) continue;
    docs.push({ type: 'source', id: s.id, url, title: s.title, body: s.publisher });
  }
  return docs;
}
