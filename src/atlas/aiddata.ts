// AidData's Global Chinese Development Finance Dataset 3.0 as atlas records (pure). The rows come
// from `aiddata-table.ts` (project-level CSV, the reduced geospatial CSV with dotted names, the
// per-project GeoJSON files); the documented filter in `aiddata-filter.ts` picks the rows that
// may be surveillance or state ICT projects; each becomes a project marked as a review candidate
// (fields read by `aiddata-fields.ts`), with claims citing "AidData GCDF 3.0, record N" and every
// source URL of the record. Ids are derived from the record number, so a re-import replaces.
// Dataset: AidData (2023), Global Chinese Development Finance Dataset, Version 3.0, ODC-By 1.0.
import type { AtlasProblem } from './parse.js';
import { matchParties, selectRow, type NamedParty } from './aiddata-filter.js';
import {
  capabilitiesOf,
  kindOf,
  readAmount,
  readCommitment,
  readStart,
  statusOf,
  summaryOf,
} from './aiddata-fields.js';
import { COLUMNS, type AidDataRow, type AidDataSite, type Field } from './aiddata-table.js';
export { AIDDATA_FILTER, selectRow, type NamedParty } from './aiddata-filter.js';
export {
  AidDataTable,
  columnKey,
  readAidDataGeoJson,
  type AidDataRow,
  type AidDataSite,
} from './aiddata-table.js';
import {
  emptyAtlas,
  type Atlas,
  type AtlasSource,
  type Claim,
  type Place,
  type Project,
} from './schema.js';

/** The dataset's page (AidData); the record sources' notes point to it. */
export const GCDF3_URL =
  'https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0';
export const GCDF3_LICENCE = 'ODC-By 1.0 (AidData, Global Chinese Development Finance Dataset 3.0)';
const OSM_LICENCE =
  'ODC-By 1.0 (AidData GCDF 3.0); place coordinates derived from OpenStreetMap geometry, © OpenStreetMap contributors, ODbL 1.0';

/** What an import of AidData rows needs from the atlas it goes into and from the kb. */
export interface AidDataContext {
  /** The atlas the records go into: countries by ISO-3, organisations, sources, projects. */
  base: Atlas;
  vendors: readonly NamedParty[];
}

/** A row turned into records, and why it was picked. */
export interface AidDataSelection {
  record: number;
  title: string;
  country: string;
  project: string;
  /** True when the record was already in the atlas as a curated project (claims go there). */
  linked: boolean;
  keywords: string[];
  vendors: string[];
}

/**
 * The records for the selected rows. Problems name the file, row and column of a bad value; a row
 * with a problem adds no records. GeoJSON rows add places to the project of the same record (and
 * stand for the record when no CSV row has it).
 */
export function aidDataToAtlas(
  rows: readonly AidDataRow[],
  geo: ReadonlyArray<AidDataRow & { sites: AidDataSite[] }>,
  ctx: AidDataContext,
): { atlas: Atlas; problems: AtlasProblem[]; selected: AidDataSelection[]; read: number } {
  const atlas = emptyAtlas();
  const problems: AtlasProblem[] = [];
  const selected: AidDataSelection[] = [];
  const sitesById = new Map<string, AidDataSite[]>();
  for (const g of geo) {
    const id = g.values.id ?? '';
    sitesById.set(id, [...(sitesById.get(id) ?? []), ...g.sites]);
  }
  const csvIds = new Set(rows.map((r) => r.values.id ?? ''));
  const all = [...rows, ...geo.filter((g) => !csvIds.has(g.values.id ?? ''))];
  const seen = new Set<number>();
  const countries = new Map(ctx.base.countries.map((c) => [c.iso3, c.id]));
  const orgs: NamedParty[] = ctx.base.organisations.map((o) => ({
    id: o.id,
    names: [o.name, ...o.aliases],
  }));
  const sourceByUrl = new Map<string, string>();
  for (const s of ctx.base.sources) if (s.url !== undefined) sourceByUrl.set(urlKey(s.url), s.id);

  for (const row of all) {
    const bad = (field: Field, message: string): void => {
      problems.push({
        file: row.file,
        record: row.where,
        field: row.columns[field] ?? COLUMNS[field],
        message,
      });
    };
    const v = row.values;
    const record = Number(v.id);
    if (!/^\d+$/.test(v.id ?? '') || !Number.isSafeInteger(record) || record <= 0) {
      bad('id', `${JSON.stringify(v.id ?? '')} is not an AidData record number`);
      continue;
    }
    if (seen.has(record)) {
      bad('id', `record ${record} appears twice`);
      continue;
    }
    seen.add(record);
    const why = selectRow(row, ctx.vendors);
    if (why === undefined) continue;
    const n0 = problems.length;
    const title = v.title ?? '';
    if (title === '') bad('title', 'is empty');
    const iso3 = v.iso3 ?? '';
    const country = countries.get(iso3);
    if (!/^[A-Z]{3}$/.test(iso3))
      bad('iso3', `${JSON.stringify(iso3)} is not an ISO 3166-1 alpha-3 code`);
    else if (country === undefined)
      bad('iso3', `"${iso3}" is not a country of the atlas; add it to countries first`);
    const money = readAmount(v, bad);
    const started = readStart(v, bad);
    const asOf = readCommitment(v, bad);
    if (problems.length > n0 || country === undefined) continue;

    const recordSource = `gcdf3-${record}`;
    const urlSources = recordUrlSources(record, v, sourceByUrl, atlas);
    atlas.sources.push({
      id: recordSource,
      publisher: 'AidData (William & Mary)',
      title: `AidData GCDF 3.0, record ${record}`,
      date: '2023',
      kind: 'dataset',
      licence: sitesById.has(String(record)) ? OSM_LICENCE : GCDF3_LICENCE,
      note: `Global Chinese Development Finance Dataset, Version 3.0 (${GCDF3_URL}), record ${record}: ${title}`,
    });
    const citations = [
      { source: recordSource, page: `record ${record}` },
      ...urlSources.map((s) => ({ source: s })),
    ];
    const linked = linkedProject(ctx.base, record);
    const projectId = linked ?? recordSource;
    const financiers = matchParties(v.funding ?? '', orgs);
    const caps = capabilitiesOf(`${title}\n${v.description ?? ''}`, v.sector ?? '');
    const places: string[] = [];
    // A curated project keeps its own places; a candidate gets the record's sites.
    (linked === undefined ? (sitesById.get(String(record)) ?? []) : []).forEach((s, i, list) => {
      const place: Place = {
        id: list.length === 1 ? `${recordSource}-site` : `${recordSource}-site-${i + 1}`,
        name: `${v.recipient ?? iso3}: site of AidData record ${record}`,
        country,
        kind: s.precise ? 'facility' : 'region',
        lat: s.lat,
        lon: s.lon,
        sources: [recordSource],
      };
      atlas.places.push(place);
      places.push(place.id);
    });
    if (linked === undefined) {
      const project: Project = {
        id: projectId,
        name: title.replace(/\s*\((linked to|Linked to) [^)]*\)\s*$/, '') || title,
        aliases: [],
        kind: kindOf(`${title}\n${v.description ?? ''}`, caps),
        country,
        places,
        vendors: why.vendors,
        financiers,
        capabilities: caps,
        bri: false,
        status: statusOf(v.status ?? ''),
        ...(started !== undefined ? { started } : {}),
        summary: summaryOf(record, v, why),
        review: 'candidate',
        sources: [recordSource, ...urlSources],
      };
      atlas.projects.push(project);
    }
    const claim = (
      id: string,
      rest: Omit<Claim, 'id' | 'subject' | 'sources' | 'confidence' | 'status' | 'precision'> &
        Partial<Pick<Claim, 'precision'>>,
    ): void => {
      atlas.claims.push({
        id: `${recordSource}-${id}`,
        subject: `project:${projectId}`,
        precision: 'exact',
        ...rest,
        sources: citations,
        confidence: 'low',
        status: 'reported',
        note: `Candidate for review: imported from AidData GCDF 3.0 record ${record}.${rest.note === undefined ? '' : ` ${rest.note}`}`,
      });
    };
    claim('description', { property: 'description', value: title });
    if (money !== undefined)
      claim('financing', {
        property: 'financing',
        value: money.value,
        unit: money.unit,
        ...(money.estimated ? { precision: 'approximate' as const } : {}),
        ...(financiers.length === 1 ? { object: `organisation:${financiers[0]}` } : {}),
        ...(asOf !== undefined ? { asOf } : {}),
        note: `${money.note}${v.funding ? ` Funding agencies: ${v.funding}.` : ''}`,
      });
    for (const vendor of why.vendors)
      claim(`supplier-${vendor}`, { property: 'supplier', value: `vendor:${vendor}` });
    selected.push({
      record,
      title,
      country,
      project: projectId,
      linked: linked !== undefined,
      keywords: why.keywords,
      vendors: why.vendors,
    });
  }
  return { atlas, problems, selected, read: all.length };
}

/** A curated project that already cites this AidData record (by source id or record page). */
function linkedProject(base: Atlas, record: number): string | undefined {
  const page = new RegExp(`aiddata\\.org/projects/${record}(?![0-9])`);
  const cites = new Set(
    base.sources
      .filter((s) => s.id === `aiddata-${record}` || (s.url !== undefined && page.test(s.url)))
      .map((s) => s.id),
  );
  if (cites.size === 0) return undefined;
  return base.projects.find((p) => p.review === undefined && p.sources.some((s) => cites.has(s)))
    ?.id;
}

const urlKey = (u: string): string =>
  u
    .trim()
    .replace(/^http:/, 'https:')
    .replace(/\/+$/, '')
    .toLowerCase();

/** One source per URL of the record (reusing the atlas's own where it has the same URL). */
function recordUrlSources(
  record: number,
  v: AidDataRow['values'],
  byUrl: Map<string, string>,
  atlas: Atlas,
): string[] {
  const split = (s: string | undefined): string[] => (s ?? '').split('|').map((x) => x.trim());
  const urls = split(v.sourceUrls);
  const titles = split(v.sourceTitles);
  const publishers = split(v.sourcePublishers);
  const types = split(v.sourceTypes);
  const out: string[] = [];
  urls.forEach((url, i) => {
    if (!/^https?:\/\/[^\s/]+/i.test(url)) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    const key = urlKey(url);
    let id = byUrl.get(key);
    if (id === undefined) {
      id = `gcdf3-src-${hash(key)}`;
      byUrl.set(key, id);
      const source: AtlasSource = {
        id,
        url,
        publisher: publishers[i] || parsed.hostname,
        title: titles[i] || url,
        date: 'n.d.',
        kind: sourceKind(types[i] ?? ''),
        note: `Cited by AidData GCDF 3.0 record ${record}${types[i] ? ` as "${types[i]}"` : ''}.`,
      };
      atlas.sources.push(source);
    }
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

/** A short stable hash of a string (53 bits, hex), for ids of sources by URL. */
export function hash(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** AidData's source resource types as atlas source kinds. */
function sourceKind(type: string): AtlasSource['kind'] {
  const t = type.toLowerCase();
  if (t.includes('official')) return 'government';
  if (t.includes('media')) return 'news';
  if (t.includes('academic') || t.includes('research') || t.includes('think')) return 'research';
  if (t.includes('company') || t.includes('corporate')) return 'vendor';
  return 'article';
}
