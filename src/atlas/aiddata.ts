// AidData's Global Chinese Development Finance Dataset 3.0 as atlas records (pure). Reads the
// project-level CSV with its full column names ("AidData Record ID", "Recipient ISO-3", …), the
// reduced geospatial CSV with R-style dotted names ("AidData.Record.ID", "Recipient.ISO-3", …) and
// the per-project GeoJSON files (whose properties use the dotted names too). A documented filter
// (AIDDATA_FILTER) picks the rows that may be surveillance or state ICT projects; each becomes a
// project marked as a review candidate, with claims citing "AidData GCDF 3.0, record N" and every
// source URL of the record. Ids are derived from the record number, so a re-import replaces.
// Dataset: AidData (2023), Global Chinese Development Finance Dataset, Version 3.0, ODC-By 1.0.
import type { CsvRecord } from '../shared/csv.js';
import type { AtlasProblem } from './parse.js';
import { MONEY_UNITS } from './properties.js';
import {
  emptyAtlas,
  type Atlas,
  type AtlasSource,
  type Capability,
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

/**
 * The columns read, by their full GCDF 3.0 name. The dotted variant is the same name with spaces
 * as dots ("Recipient.ISO-3"), which `columnKey` folds back. Only the first three are required.
 */
const COLUMNS = {
  id: 'AidData Record ID',
  title: 'Title',
  iso3: 'Recipient ISO-3',
  recipient: 'Recipient',
  description: 'Description',
  sector: 'Sector Name',
  status: 'Status',
  commitmentYear: 'Commitment Year',
  commitmentDate: 'Commitment Date (MM/DD/YYYY)',
  startYear: 'Implementation Start Year',
  startDate: 'Actual Implementation Start Date (MM/DD/YYYY)',
  funding: 'Funding Agencies',
  implementing: 'Implementing Agencies',
  amountOriginal: 'Amount (Original Currency)',
  currency: 'Original Currency',
  amountEstimated: 'Amount Estimated',
  amountConstant: 'Amount (Constant USD 2021)',
  amountNominal: 'Amount (Nominal USD)',
  sourceUrls: 'Source URLs',
  sourceTitles: 'Source Titles',
  sourcePublishers: 'Source Publishers',
  sourceTypes: 'Source Resource Types',
} as const;
type Field = keyof typeof COLUMNS;
const REQUIRED: readonly Field[] = ['id', 'title', 'iso3'];

/** A header cell as a full column name: dots of the dotted variant become spaces. */
export function columnKey(header: string): string {
  return header.trim().replace(/\./g, ' ');
}

/** One row of AidData, by field, with where it came from (file, row) for messages. */
export interface AidDataRow {
  file: string;
  /** Spreadsheet row (the header is row 1), or `feature N` for GeoJSON. */
  where: string;
  values: Partial<Record<Field, string>>;
  /** The header name each field was read from, to name the column in a problem. */
  columns: Partial<Record<Field, string>>;
}

/**
 * Reads an AidData CSV record by record (as `CsvReader` yields them): the first record is the
 * header. Rows with the wrong number of fields, or without a record id, are problems.
 */
export class AidDataTable {
  readonly file: string;
  #fields: Array<Field | undefined> | undefined;
  #header: string[] = [];
  #unusable = false;
  readonly problems: AtlasProblem[] = [];

  constructor(file: string) {
    this.file = file;
  }

  /** The rows among `records`; the header is consumed. */
  push(records: readonly CsvRecord[]): AidDataRow[] {
    const out: AidDataRow[] = [];
    for (const r of records) {
      if (this.#fields === undefined) {
        this.#header = r.fields;
        const byName = new Map<string, Field>(
          Object.entries(COLUMNS).map(([k, v]) => [v, k as Field]),
        );
        this.#fields = r.fields.map((h) => byName.get(columnKey(h)));
        for (const f of REQUIRED)
          if (!this.#fields.includes(f)) {
            this.#unusable = true;
            this.problems.push({
              file: this.file,
              record: `row ${r.row}`,
              field: COLUMNS[f],
              message: `column missing from the header (also read as "${COLUMNS[f].replace(/ /g, '.')}"); is this an AidData GCDF 3.0 file?`,
            });
          }
        continue;
      }
      if (this.#unusable) continue;
      if (r.fields.length !== this.#header.length) {
        this.problems.push({
          file: this.file,
          record: `row ${r.row}`,
          message: `has ${r.fields.length} fields, the header ${this.#header.length}`,
        });
        continue;
      }
      const row: AidDataRow = { file: this.file, where: `row ${r.row}`, values: {}, columns: {} };
      r.fields.forEach((v, i) => {
        const f = this.#fields?.[i];
        if (f === undefined) return;
        row.values[f] = v.trim();
        row.columns[f] = this.#header[i] ?? COLUMNS[f];
      });
      out.push(row);
    }
    return out;
  }
}

/** One feature's point and precision, from a per-project GeoJSON file. */
export interface AidDataSite {
  lat: number;
  lon: number;
  precise: boolean;
}

/**
 * A per-project GeoJSON file (a FeatureCollection whose features carry the dotted columns and
 * `id`): the rows it describes and the centre of each feature's bounding box.
 */
export function readAidDataGeoJson(
  file: string,
  text: string,
): { rows: Array<AidDataRow & { sites: AidDataSite[] }>; problems: AtlasProblem[] } {
  const problems: AtlasProblem[] = [];
  const fail = (message: string, record = 'file') => {
    problems.push({ file, record, message });
    return { rows: [], problems };
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON: ${(e as Error).message}`);
  }
  const features = (doc as { type?: unknown; features?: unknown }).features;
  if ((doc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features))
    return fail('expected a GeoJSON FeatureCollection');
  const byId = new Map<string, AidDataRow & { sites: AidDataSite[] }>();
  features.forEach((f: unknown, i) => {
    const where = `feature ${i + 1}`;
    const props = (f as { properties?: unknown }).properties;
    if (typeof props !== 'object' || props === null) {
      problems.push({ file, record: where, field: 'properties', message: 'missing' });
      return;
    }
    const values: AidDataRow['values'] = {};
    const columns: AidDataRow['columns'] = {};
    const byName = new Map<string, Field>(Object.entries(COLUMNS).map(([k, v]) => [v, k as Field]));
    for (const [k, v] of Object.entries(props as Record<string, unknown>)) {
      const field = k === 'id' ? 'id' : byName.get(columnKey(k));
      const text = scalar(v);
      if (field === undefined || text === undefined) continue;
      values[field] = text.trim();
      columns[field] = `properties.${k}`;
    }
    const box = boundingBox((f as { geometry?: { coordinates?: unknown } }).geometry?.coordinates);
    if (box === undefined) {
      problems.push({ file, record: where, field: 'geometry', message: 'no coordinates' });
      return;
    }
    const precision = scalar((props as Record<string, unknown>).osm_precision_list) ?? '';
    const site: AidDataSite = {
      lon: round((box[0] + box[2]) / 2),
      lat: round((box[1] + box[3]) / 2),
      precise: precision.split(',').every((x) => x.trim().toLowerCase() === 'precise'),
    };
    const id = values.id ?? '';
    const prior = byId.get(id);
    if (prior !== undefined) prior.sites.push(site);
    else byId.set(id, { file, where, values, columns, sites: [site] });
  });
  return { rows: [...byId.values()], problems };
}

/** A property value as text; null, objects and lists are not values of a column. */
const scalar = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined;

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** [west, south, east, north] of any GeoJSON coordinates (nested arrays of [lon, lat]). */
function boundingBox(coords: unknown): [number, number, number, number] | undefined {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const stack: unknown[] = [coords];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!Array.isArray(c)) continue;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [lon, lat] = c as [number, number];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    } else for (const x of c) stack.push(x);
  }
  return box[0] === Infinity ? undefined : box;
}

/**
 * The selection filter, applied to each row:
 * 1. a surveillance or state-ICT keyword in the title or description selects it, in any sector;
 * 2. "police"/"policing" selects it only in the ICT and government sectors (so masks or vaccines
 *    donated to a police force do not count);
 * 3. a kb vendor's name in the title, description or the funding or implementing agencies
 *    selects it only in the ICT and government sectors (so Huawei classroom kit does not count).
 * Keywords match whole words, case-insensitively.
 */
export const AIDDATA_FILTER = {
  keywords: [
    'safe city',
    'safe cities',
    'smart city',
    'surveillance',
    'CCTV',
    'closed-circuit',
    'camera',
    'cameras',
    'video monitoring',
    'facial recognition',
    'command centre',
    'command center',
    'command and control',
    'e-government',
    'data centre',
    'data center',
    'public security',
    '911',
    'biometric',
    'national ID',
    'identity card',
  ],
  sectorKeywords: ['police', 'policing'],
  sectors: ['COMMUNICATIONS', 'GOVERNMENT AND CIVIL SOCIETY'],
} as const;

/** A kb vendor (or atlas organisation) and the names it goes by. */
export interface NamedParty {
  id: string;
  names: readonly string[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whole-word pattern of some names (letters and digits around a match do not count). */
function wordsPattern(names: readonly string[]): RegExp | undefined {
  const list = names.filter((n) => n.trim().length >= 3).map((n) => escape(n.trim()));
  if (list.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

const KEYWORDS = wordsPattern(AIDDATA_FILTER.keywords) as RegExp;
const SECTOR_KEYWORDS = wordsPattern(AIDDATA_FILTER.sectorKeywords) as RegExp;

/** Why a row is selected (the keywords and vendors that matched), or undefined when it is not. */
export function selectRow(
  row: AidDataRow,
  vendors: readonly NamedParty[],
): { keywords: string[]; vendors: string[] } | undefined {
  const v = row.values;
  const text = `${v.title ?? ''}\n${v.description ?? ''}`;
  const ictSector = (AIDDATA_FILTER.sectors as readonly string[]).includes(
    (v.sector ?? '').toUpperCase(),
  );
  const keywords = new Set<string>();
  const global = new RegExp(KEYWORDS.source, 'giu');
  for (const m of text.matchAll(global)) keywords.add(m[0].toLowerCase());
  if (ictSector)
    for (const m of text.matchAll(new RegExp(SECTOR_KEYWORDS.source, 'giu')))
      keywords.add(m[0].toLowerCase());
  const found = ictSector
    ? matchParties(`${text}\n${v.funding ?? ''}\n${v.implementing ?? ''}`, vendors)
    : [];
  if (keywords.size === 0 && found.length === 0) return undefined;
  return { keywords: [...keywords].sort(), vendors: found };
}

function matchParties(text: string, parties: readonly NamedParty[]): string[] {
  return parties.filter((p) => wordsPattern(p.names)?.test(text) === true).map((p) => p.id);
}

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

function readAmount(
  v: AidDataRow['values'],
  bad: (f: Field, m: string) => void,
): { value: number; unit: string; estimated: boolean; note: string } | undefined {
  const num = (f: Field): number | undefined => {
    const s = v[f];
    if (s === undefined || s === '' || s === 'NA') return undefined;
    const n = Number(s.replace(/,/g, ''));
    if (!Number.isFinite(n) || n < 0) {
      bad(f, `${JSON.stringify(s)} is not an amount`);
      return undefined;
    }
    return n;
  };
  const original = num('amountOriginal');
  const nominal = num('amountNominal');
  const constant = num('amountConstant');
  const estimated = /^yes$/i.test(v.amountEstimated ?? '');
  const currency = (v.currency ?? '').toLowerCase();
  if (original !== undefined && MONEY_UNITS.includes(currency))
    return { value: original, unit: currency, estimated, note: 'Amount in the original currency.' };
  if (nominal !== undefined)
    return { value: nominal, unit: 'usd', estimated, note: 'Amount in nominal USD.' };
  if (constant !== undefined)
    return {
      value: Math.round(constant),
      unit: 'usd',
      estimated,
      note: 'Amount in constant 2021 USD (AidData deflated), not the nominal sum.',
    };
  return undefined;
}

const YEAR = /^(\d{4})(?:\.0+)?$/;

function readStart(
  v: AidDataRow['values'],
  bad: (f: Field, m: string) => void,
): string | undefined {
  const date = v.startDate ?? '';
  if (date !== '' && date !== 'NA') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
    bad('startDate', `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
    return undefined;
  }
  const year = v.startYear ?? '';
  if (year === '' || year === 'NA') return undefined;
  const m = YEAR.exec(year);
  if (m?.[1] !== undefined) return m[1];
  bad('startYear', `${JSON.stringify(year)} is not a year`);
  return undefined;
}

function readCommitment(
  v: AidDataRow['values'],
  bad: (f: Field, m: string) => void,
): string | undefined {
  const date = v.commitmentDate ?? '';
  if (date !== '' && date !== 'NA') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
    bad('commitmentDate', `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
    return undefined;
  }
  const year = v.commitmentYear ?? '';
  if (year === '' || year === 'NA') return undefined;
  const m = YEAR.exec(year);
  if (m?.[1] !== undefined) return m[1];
  bad('commitmentYear', `${JSON.stringify(year)} is not a year`);
  return undefined;
}

const has = (text: string, re: RegExp): boolean => re.test(text);

/** Capabilities the record's own words name. */
function capabilitiesOf(text: string, sector: string): Capability[] {
  const caps: Capability[] = [];
  if (has(text, /\b(cctv|cameras?|closed-circuit|video (surveillance|monitoring))\b/i))
    caps.push('cctv');
  if (has(text, /\bfacial recognition\b/i)) caps.push('facial-recognition');
  if (has(text, /\bcommand (cent(re|er)|and control)\b/i)) caps.push('command-centre');
  if (has(text, /\b(911|emergency (call|response|dispatch) (system|cent(re|er)))\b/i))
    caps.push('emergency-dispatch');
  if (has(text, /\bdata cent(re|er)\b/i)) caps.push('data-centre');
  if (has(text, /\b(biometric|national id|identity card)\b/i)) caps.push('biometric-id');
  if (sector.toUpperCase() === 'COMMUNICATIONS') caps.push('telecom-network');
  return caps;
}

/** The project kind the record's words suggest; telecom-network (infrastructure) otherwise. */
function kindOf(text: string, caps: readonly Capability[]): Project['kind'] {
  if (/\bsafe cit(y|ies)\b/i.test(text)) return 'safe-city';
  if (/\bsmart cit(y|ies)\b/i.test(text)) return 'smart-city';
  if (/\b(police|policing|public security)\b/i.test(text) && caps.includes('cctv'))
    return 'police-platform';
  if (caps.includes('emergency-dispatch')) return 'emergency-system';
  if (/\bsurveillance\b/i.test(text) || caps.includes('cctv') || caps.includes('biometric-id'))
    return 'national-surveillance';
  if (/\b(police|policing|public security)\b/i.test(text)) return 'police-platform';
  return 'telecom-network';
}

function statusOf(status: string): Project['status'] {
  const s = status.toLowerCase();
  if (s.startsWith('pipeline')) return 'announced';
  if (s === 'implementation') return 'under-construction';
  if (s === 'completion') return 'operating';
  if (s.includes('suspend')) return 'suspended';
  if (s.includes('cancel')) return 'cancelled';
  return 'unknown';
}

function summaryOf(
  record: number,
  v: AidDataRow['values'],
  why: { keywords: string[]; vendors: string[] },
): string {
  const matched = [...why.keywords, ...why.vendors.map((x) => `vendor ${x}`)].join(', ');
  const description = (v.description ?? '').replace(/\s+/g, ' ').trim();
  const short = description.length > 400 ? `${description.slice(0, 397)}…` : description;
  return (
    `Imported from AidData GCDF 3.0 record ${record} (${v.sector || 'sector not given'}; AidData status ` +
    `${v.status || 'not given'}); a candidate for review, selected for: ${matched}.` +
    (short === '' ? '' : ` ${short}`)
  );
}
