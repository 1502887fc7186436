// Lookups over one atlas, built once (pure): claims by subject, projects by country and supplier,
// agreements by project, records by id. Pages read these instead of scanning every claim per
// subject, so a page stays linear however many claims the atlas holds.
import type { Kb } from '../../kb/index.js';
import { SourceBook } from '../../kb/source-book.js';
import { projectSuppliers } from '../records.js';
import type { Atlas, Claim, Project } from '../schema.js';

export interface AtlasIndex {
  claimsBySubject: ReadonlyMap<string, readonly Claim[]>;
  projectsByCountry: ReadonlyMap<string, readonly Project[]>;
  projectsBySupplier: ReadonlyMap<string, readonly Project[]>;
  suppliers: ReadonlyMap<string, readonly string[]>;
  agreementsByProject: ReadonlyMap<string, readonly Atlas['agreements'][number][]>;
  places: ReadonlyMap<string, Atlas['places'][number]>;
  countries: ReadonlyMap<string, Atlas['countries'][number]>;
  organisations: ReadonlyMap<string, Atlas['organisations'][number]>;
  sources: ReadonlyMap<string, Atlas['sources'][number]>;
}

const cache = new WeakMap<Atlas, AtlasIndex>();

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The atlas's lookups, built on first use and kept while the atlas object lives. */
export function atlasIndex(atlas: Atlas): AtlasIndex {
  const known = cache.get(atlas);
  if (known !== undefined) return known;
  const claimsBySubject = new Map<string, Claim[]>();
  for (const c of atlas.claims) push(claimsBySubject, c.subject, c);
  const projectsByCountry = new Map<string, Project[]>();
  const projectsBySupplier = new Map<string, Project[]>();
  const suppliers = new Map<string, string[]>();
  for (const p of atlas.projects) {
    push(projectsByCountry, p.country, p);
    const list = projectSuppliers(atlas, p);
    suppliers.set(p.id, list);
    for (const v of list) push(projectsBySupplier, v, p);
  }
  const agreementsByProject = new Map<string, Atlas['agreements'][number][]>();
  for (const a of atlas.agreements)
    if (a.project !== undefined) push(agreementsByProject, a.project, a);
  const index: AtlasIndex = {
    claimsBySubject,
    projectsByCountry,
    projectsBySupplier,
    suppliers,
    agreementsByProject,
    places: new Map(atlas.places.map((x) => [x.id, x])),
    countries: new Map(atlas.countries.map((x) => [x.id, x])),
    organisations: new Map(atlas.organisations.map((x) => [x.id, x])),
    sources: new Map(atlas.sources.map((x) => [x.id, x])),
  };
  cache.set(atlas, index);
  return index;
}

/** A numbered source list that finds sources in the atlas, then in the kb. */
export function sourceBook(atlas: Atlas, kb: Kb): SourceBook {
  const index = atlasIndex(atlas);
  return new SourceBook((id) => index.sources.get(id) ?? kb.sources.get(id));
}

/** The display name of a kb vendor, organisation or country id. */
export function nameFor(atlas: Atlas, kb: Kb, id: string): string {
  const index = atlasIndex(atlas);
  return (
    kb.vendors.get(id)?.name ??
    index.organisations.get(id)?.name ??
    index.countries.get(id)?.name ??
    id
  );
}
