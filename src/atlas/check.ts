// `atlas check` (pure): every record sourced, every reference resolving, values of the right
// type and unit, real dates, coordinates inside their country; likely duplicates as warnings.
import { copyProblem } from '../shared/source-hosts.js';
import { propertySpec } from './properties.js';
import { likelyDuplicates } from './check-duplicates.js';
import { idsInProse } from './check-prose.js';
import { byId } from './lookup.js';
import type { AtlasProblem } from './parse.js';
import type { Atlas, AtlasCollection } from './schema.js';

/** What the atlas may refer to outside itself: the kb's vendors, restrictions and sources. */
export interface AtlasRefs {
  vendors: ReadonlySet<string>;
  restrictions: ReadonlySet<string>;
  kbSources: ReadonlySet<string>;
}

/** A country's bounding boxes ([west, south, east, north] in degrees), by ISO numeric code. */
export type CountryBoxes = ReadonlyMap<
  string,
  ReadonlyArray<readonly [number, number, number, number]>
>;

export interface CheckOptions {
  /** Today, YYYY-MM-DD: dates after it are errors. */
  today: string;
  /** Country shapes' boxes; without them coordinates are only range-checked (by the schema). */
  boxes?: CountryBoxes;
  /** The file a record came from, for messages; defaults to the collection name. */
  origin?: (collection: AtlasCollection, id: string) => string | undefined;
}

export interface CheckResult {
  errors: AtlasProblem[];
  warnings: AtlasProblem[];
}

/** Degrees of slack around a country's box: shapes are simplified and ports sit on the coast. */
const BOX_MARGIN = 0.5;

export function checkAtlas(atlas: Atlas, refs: AtlasRefs, options: CheckOptions): CheckResult {
  const errors: AtlasProblem[] = [];
  const warnings: AtlasProblem[] = [];
  const at = (collection: AtlasCollection, id: string) => ({
    file: options.origin?.(collection, id) ?? collection,
    record: id,
    collection,
  });
  const error = (c: AtlasCollection, id: string, field: string, message: string): void => {
    errors.push({ ...at(c, id), field, message });
  };

  const ids = {} as Record<AtlasCollection, Set<string>>;
  for (const [collection, list] of Object.entries(atlas) as Array<
    [AtlasCollection, Array<{ id: string }>]
  >) {
    const seen = new Set<string>();
    for (const r of list) {
      if (seen.has(r.id)) error(collection, r.id, 'id', `duplicate id in ${collection}`);
      seen.add(r.id);
    }
    ids[collection] = seen;
  }
  const sourceIds = new Set([...ids.sources, ...refs.kbSources]);
  const isParty = (x: string): boolean =>
    ids.countries.has(x) || refs.vendors.has(x) || ids.organisations.has(x);
  const resolves = (ref: string): boolean => {
    if (ref === 'world') return true;
    const colon = ref.indexOf(':');
    const kind = ref.slice(0, colon);
    const id = ref.slice(colon + 1);
    switch (kind) {
      case 'country':
        return ids.countries.has(id);
      case 'place':
        return ids.places.has(id);
      case 'project':
        return ids.projects.has(id);
      case 'organisation':
        return ids.organisations.has(id);
      case 'agreement':
        return ids.agreements.has(id);
      case 'training':
        return ids.trainings.has(id);
      case 'vendor':
        return refs.vendors.has(id);
      case 'restriction':
        return refs.restrictions.has(id);
      default:
        return false;
    }
  };

  const used = new Set<string>();
  const checkSources = (c: AtlasCollection, id: string, sources: readonly string[]): void => {
    sources.forEach((s, i) => {
      used.add(s);
      if (!sourceIds.has(s)) error(c, id, `sources.${i}`, `unknown source "${s}"`);
    });
  };
  const checkCountry = (c: AtlasCollection, id: string, field: string, code: string): void => {
    if (!ids.countries.has(code)) error(c, id, field, `unknown country "${code}"`);
  };
  const checkDate = (
    c: AtlasCollection,
    id: string,
    field: string,
    date: string | undefined,
  ): void => {
    if (date === undefined) return;
    const problem = dateProblem(date, options.today);
    if (problem !== undefined) error(c, id, field, problem);
  };

  for (const x of atlas.countries) checkSources('countries', x.id, x.sources);
  for (const p of atlas.places) {
    checkSources('places', p.id, p.sources);
    checkCountry('places', p.id, 'country', p.country);
    const country = byId(atlas.countries).get(p.country);
    const boxes = country === undefined ? undefined : options.boxes?.get(country.numeric);
    if (boxes !== undefined && !inBoxes(boxes, p.lon, p.lat)) {
      const swapped = inBoxes(boxes, p.lat, p.lon);
      error(
        'places',
        p.id,
        'lat',
        `coordinates ${p.lat}, ${p.lon} are outside ${country?.name ?? p.country}` +
          (swapped ? ' (lat and lon look swapped)' : ''),
      );
    }
  }
  for (const o of atlas.organisations) {
    checkSources('organisations', o.id, o.sources);
    checkCountry('organisations', o.id, 'country', o.country);
    if (refs.vendors.has(o.id))
      error('organisations', o.id, 'id', 'is a kb vendor id; refer to the vendor instead');
  }
  for (const p of atlas.projects) {
    checkSources('projects', p.id, p.sources);
    checkCountry('projects', p.id, 'country', p.country);
    p.places.forEach((x, i) => {
      if (!ids.places.has(x)) error('projects', p.id, `places.${i}`, `unknown place "${x}"`);
      const place = byId(atlas.places).get(x);
      if (place !== undefined && place.country !== p.country)
        error(
          'projects',
          p.id,
          `places.${i}`,
          `place "${x}" is in ${place.country}, not ${p.country}`,
        );
    });
    p.vendors.forEach((x, i) => {
      if (!refs.vendors.has(x) && !ids.organisations.has(x))
        error('projects', p.id, `vendors.${i}`, `unknown vendor or organisation "${x}"`);
    });
    p.financiers.forEach((x, i) => {
      if (!ids.organisations.has(x))
        error('projects', p.id, `financiers.${i}`, `unknown organisation "${x}"`);
    });
    checkDate('projects', p.id, 'started', p.started);
  }
  for (const a of atlas.agreements) {
    checkSources('agreements', a.id, a.sources);
    a.parties.forEach((x, i) => {
      if (!isParty(x)) error('agreements', a.id, `parties.${i}`, `unknown party "${x}"`);
    });
    if (a.project !== undefined && !ids.projects.has(a.project))
      error('agreements', a.id, 'project', `unknown project "${a.project}"`);
    checkDate('agreements', a.id, 'date', a.date);
  }
  for (const t of atlas.trainings) {
    checkSources('trainings', t.id, t.sources);
    if (!refs.vendors.has(t.provider) && !ids.organisations.has(t.provider))
      error('trainings', t.id, 'provider', `unknown vendor or organisation "${t.provider}"`);
    t.participants.forEach((x, i) => checkCountry('trainings', t.id, `participants.${i}`, x));
    checkDate('trainings', t.id, 'date', t.date);
  }
  for (const c of atlas.claims) {
    checkSources(
      'claims',
      c.id,
      c.sources.map((s) => s.source),
    );
    if (!resolves(c.subject)) error('claims', c.id, 'subject', `unknown subject "${c.subject}"`);
    if (c.object !== undefined && !resolves(c.object))
      error('claims', c.id, 'object', `unknown record "${c.object}"`);
    checkDate('claims', c.id, 'asOf', c.asOf);
    const spec = propertySpec(c.property);
    if (spec === undefined) {
      error('claims', c.id, 'property', `unknown property "${c.property}"`);
      continue;
    }
    const v = c.value;
    if (spec.value === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v))
        error('claims', c.id, 'value', `${c.property} needs a number, got ${JSON.stringify(v)}`);
      if (c.unit === undefined) error('claims', c.id, 'unit', `${c.property} needs a unit`);
      else if (spec.units !== undefined && !spec.units.includes(c.unit))
        error('claims', c.id, 'unit', `unit "${c.unit}" is not one of ${spec.units.join(', ')}`);
      if (c.valueMax !== undefined && typeof v === 'number' && c.valueMax < v)
        error('claims', c.id, 'valueMax', 'is below value');
      if (c.property === 'market-share' || c.property === 'state-ownership') {
        if (typeof v === 'number' && (v < 0 || v > 100))
          error('claims', c.id, 'value', 'a percentage must be between 0 and 100');
      }
    } else if (spec.value === 'date') {
      const problem = typeof v === 'string' ? dateProblem(v, options.today) : 'expected a date';
      if (problem !== undefined) error('claims', c.id, 'value', problem);
    } else if (spec.value === 'ref') {
      if (typeof v !== 'string' || !resolves(v))
        error('claims', c.id, 'value', `${JSON.stringify(v)} is not a known record`);
    } else if (typeof v !== spec.value) {
      error('claims', c.id, 'value', `${c.property} needs a ${spec.value}`);
    }
  }

  for (const s of atlas.sources) {
    if (!used.has(s.id))
      warnings.push({ ...at('sources', s.id), message: 'source is not cited by any record' });
    const copy = copyProblem(s);
    if (copy !== undefined) warnings.push({ ...at('sources', s.id), field: 'url', message: copy });
  }
  for (const w of likelyDuplicates(atlas, at)) warnings.push(w);
  for (const w of idsInProse(atlas, [...refs.restrictions, ...refs.kbSources], at))
    warnings.push(w);
  return { errors, warnings };
}

function inBoxes(
  boxes: ReadonlyArray<readonly [number, number, number, number]>,
  lon: number,
  lat: number,
): boolean {
  return boxes.some(
    ([w, s, e, n]) =>
      lon >= w - BOX_MARGIN &&
      lon <= e + BOX_MARGIN &&
      lat >= s - BOX_MARGIN &&
      lat <= n + BOX_MARGIN,
  );
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why a partial date (YYYY, YYYY-MM, YYYY-MM-DD) is wrong, or undefined when it is fine. */
export function dateProblem(date: string, today: string): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (m === null) return `"${date}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > maxDay) return `"${date}" is not a real date`;
  if (year < 1900) return `"${date}" is before 1900`;
  if (date > today.slice(0, date.length)) return `"${date}" is in the future`;
  return undefined;
}
