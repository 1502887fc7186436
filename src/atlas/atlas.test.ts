import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { atlasRefs } from '../cli/atlas-context.js';
import { checkAtlas, dateProblem } from './check.js';
import { countryBoxes } from './fs-atlas.js';
import { atlasToGeoJson } from './geojson.js';
import { mergeAtlas, planImport } from './import.js';
import { parseAtlasFiles, parseAtlasJson } from './parse.js';
import type { Atlas, Claim } from './schema.js';
import { findSubject, showSubject } from './show.js';
import { claimsDisagree, headlineFigures } from './headlines.js';
import { atlasStats, camerasByProject, financingTotals } from './stats.js';
import { atlasToCsv, dataPackage, TABLE_NAMES } from './tables.js';
import { atlasFromCsv } from './tables-read.js';
import { miniAtlas } from './testdata/mini.js';

const { kb } = await loadKb();
const refs = atlasRefs(kb);
const options = { today: '2026-11-28', boxes: countryBoxes() };
const errorsOf = (a: Atlas): string[] =>
  checkAtlas(a, refs, options).errors.map((e) => `${e.record}: ${e.field ?? ''}: ${e.message}`);

describe('atlas check', () => {
  it('passes a sound atlas', () => {
    expect(errorsOf(miniAtlas())).toEqual([]);
  });

  it('catches a claim whose source is unknown', () => {
    const a = miniAtlas();
    a.claims[0]!.sources = [{ source: 'nowhere' }];
    expect(errorsOf(a)).toEqual(['ecu-911-cameras-seed: sources.0: unknown source "nowhere"']);
  });

  it('refuses a claim without sources at the schema', () => {
    const text = `- id: c1\n  subject: world\n  property: countries\n  value: 3\n  unit: countries\n  confidence: low\n  sources: []\n`;
    const { problems } = parseAtlasFiles([{ collection: 'claims', file: 'claims/x.yaml', text }]);
    expect(problems).toEqual([
      {
        file: 'claims/x.yaml',
        record: 'c1 (#1)',
        field: 'sources',
        message: 'every claim needs at least one source',
      },
    ]);
  });

  it('catches dangling references', () => {
    const a = miniAtlas();
    a.projects[0]!.places = ['atlantis'];
    a.projects[0]!.vendors = ['acme'];
    a.claims[2]!.object = 'organisation:nobody';
    a.claims[1]!.subject = 'project:gone';
    expect(errorsOf(a)).toEqual([
      'ecu-911: places.0: unknown place "atlantis"',
      'ecu-911: vendors.0: unknown vendor or organisation "acme"',
      'ecu-911-cameras-other: subject: unknown subject "project:gone"',
      'ecu-911-financing-aiddata: object: unknown record "organisation:nobody"',
    ]);
  });

  it('catches a place outside its country, and says when lat and lon look swapped', () => {
    const a = miniAtlas();
    a.places[0]!.lat = 48.85; // Paris
    a.places[0]!.lon = 2.35;
    expect(errorsOf(a)).toEqual(['quito: lat: coordinates 48.85, 2.35 are outside Ecuador']);
    const b = miniAtlas();
    b.places[0]!.lat = -78.5125;
    b.places[0]!.lon = -0.2202;
    expect(errorsOf(b)[0]).toContain('(lat and lon look swapped)');
  });

  it('catches wrong units, values and dates', () => {
    const a = miniAtlas();
    a.claims[0]!.unit = 'usd';
    a.claims[1]!.value = 'many';
    a.claims[1]!.asOf = '2030';
    a.claims[3]!.property = 'gdp';
    expect(errorsOf(a)).toEqual([
      'ecu-911-cameras-seed: unit: unit "usd" is not one of cameras',
      'ecu-911-cameras-other: asOf: "2030" is in the future',
      'ecu-911-cameras-other: value: cameras needs a number, got "many"',
      'world-countries-seed: property: unknown property "gdp"',
    ]);
  });

  it('checks partial dates for real days', () => {
    expect(dateProblem('2019-02-29', '2026-11-28')).toBe('"2019-02-29" is not a real date');
    expect(dateProblem('2020-02-29', '2026-11-28')).toBeUndefined();
    expect(dateProblem('2026-11', '2026-11-28')).toBeUndefined();
    expect(dateProblem('2026-12', '2026-11-28')).toBe('"2026-12" is in the future');
  });

  it('flags likely duplicates as warnings', () => {
    const a = miniAtlas();
    a.claims.push({ ...a.claims[2]!, id: 'ecu-911-financing-again' });
    a.places.push({ ...a.places[0]!, id: 'quito-2', lat: -0.221 });
    const { errors, warnings } = checkAtlas(a, refs, options);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => `${w.record}: ${w.message}`)).toEqual([
      'ecu-911-financing-again: likely duplicate of ecu-911-financing-aiddata (same subject, property, value, date and sources)',
      'quito-2: likely duplicate of quito (same name or within 1 km)',
    ]);
  });
});

describe('atlas statistics', () => {
  it('keeps disagreeing camera counts side by side, best first', () => {
    const [row] = camerasByProject(miniAtlas());
    expect(row?.disputed).toBe(true);
    expect(row?.claims.map((c) => [c.value, c.sources])).toEqual([
      [4300, ['aiddata-39281']],
      [8000, ['seed-article']],
    ]);
  });

  it('sums the best financing claim per project and financier, never a refuted one', () => {
    const a = miniAtlas();
    a.claims.push({
      ...a.claims[2]!,
      id: 'ecu-911-financing-refuted',
      value: 999,
      status: 'refuted',
    });
    a.claims.push({
      ...a.claims[2]!,
      id: 'ecu-911-financing-low',
      value: 1,
      confidence: 'low',
      status: 'reported',
    });
    const f = financingTotals(a, kb);
    expect(f.total).toEqual({ usd: 240000000 });
    expect(f.byFinancier[0]).toMatchObject({
      financier: 'china-development-bank',
      countries: ['EC'],
      claims: ['ecu-911-financing-aiddata'],
    });
  });

  it('sets each seed-article figure against what the records support', () => {
    const rows = headlineFigures(miniAtlas(), kb);
    const by = Object.fromEntries(rows.map((r) => [r.claim.id, r.support]));
    expect(by['world-countries-seed']).toMatchObject({
      kind: 'computed',
      n: 1,
      records: ['project:ecu-911'],
      verdict: 'not-supported',
    });
    expect(by['world-exports-seed']?.kind).toBe('none');
    expect(by['ecu-911-cameras-seed']).toMatchObject({ kind: 'contradicted' });
  });

  it('never corroborates across scopes or units: a global figure against national ones', () => {
    const a = miniAtlas();
    const seed = a.claims.find((c) => c.id === 'ecu-911-cameras-seed')!;
    a.claims.push(
      {
        ...seed,
        id: 'users-global-seed',
        subject: 'vendor:hikvision',
        property: 'users',
        unit: 'users',
        value: 1e9,
      },
      {
        ...seed,
        id: 'users-us',
        subject: 'vendor:hikvision',
        property: 'users',
        unit: 'users',
        value: 1.5e8,
        precision: 'exact',
        scope: 'US',
        sources: [{ source: 'aiddata-39281' }],
      },
    );
    const row = headlineFigures(a, kb).find((r) => r.claim.id === 'users-global-seed');
    expect(row?.support).toMatchObject({ kind: 'none' });
    expect(row?.support.kind === 'none' && row.support.reason).toContain(
      'another unit or for another scope',
    );
  });

  it('a record more changes the count', () => {
    const a = miniAtlas();
    a.countries.push({
      id: 'KE',
      iso3: 'KEN',
      numeric: '404',
      name: 'Kenya',
      region: 'africa',
      sources: ['iso'],
    });
    a.projects.push({
      ...a.projects[0]!,
      id: 'nairobi',
      name: 'Nairobi Safe City',
      country: 'KE',
      places: [],
      vendors: ['huawei'],
      financiers: [],
    });
    const row = headlineFigures(a, kb).find((r) => r.claim.id === 'world-countries-seed');
    expect(row?.support).toMatchObject({ kind: 'computed', n: 2 });
  });
});

describe('atlas show', () => {
  it('finds subjects by code, name, alias or vendor name', () => {
    const a = miniAtlas();
    expect(findSubject(a, kb, 'ecuador')).toEqual({ kind: 'country', id: 'EC' });
    expect(findSubject(a, kb, 'ECU')).toEqual({ kind: 'country', id: 'EC' });
    expect(findSubject(a, kb, 'ecu-911')).toEqual({ kind: 'project', id: 'ecu-911' });
    expect(findSubject(a, kb, 'Hikvision')).toEqual({ kind: 'vendor', id: 'hikvision' });
    expect(findSubject(a, kb, 'CDB')).toEqual({
      kind: 'organisation',
      id: 'china-development-bank',
    });
    expect(findSubject(a, kb, 'Atlantis')).toBeUndefined();
  });

  it('numbers sources and shows disagreeing figures together', () => {
    const v = showSubject(miniAtlas(), kb, { kind: 'country', id: 'EC' });
    const cameras = v.projects[0]?.figures.find((f) => f.property === 'cameras');
    expect(cameras?.disagree).toBe(true);
    expect(cameras?.claims.map((c) => c.text)).toEqual(['4,300 cameras', '8,000+ cameras']);
    expect(v.sources.map((s) => s.id)).toEqual(['aiddata-39281', 'seed-article']);
  });
});

describe('claimsDisagree: only figures of one measure, scope and time that cannot all hold', () => {
  const base = {
    subject: 'project:p',
    property: 'cameras',
    unit: 'cameras',
    precision: 'exact' as const,
    sources: [{ source: 's' }],
    confidence: 'medium' as const,
    status: 'reported' as const,
  };
  const c = (id: string, extra: Partial<Claim>): Claim => ({ ...base, id, value: 0, ...extra });
  it.each<[string, Claim[], boolean]>([
    [
      '1,000 against 8,000+',
      [c('a', { value: 1000 }), c('b', { value: 8000, precision: 'at-least' })],
      true,
    ],
    [
      '4,300 against 4,500+ (within 10 %)',
      [c('a', { value: 4300 }), c('b', { value: 4500, precision: 'at-least' })],
      false,
    ],
    [
      '4,100 in 2018 and 5,800 in 2020 (growth)',
      [c('a', { value: 4100, asOf: '2018' }), c('b', { value: 5800, asOf: '2020' })],
      false,
    ],
    [
      'USD 240 M and CNY 97 M (other currency, other financier)',
      [
        c('a', { property: 'financing', unit: 'usd', value: 240e6, object: 'organisation:cdb' }),
        c('b', { property: 'financing', unit: 'cny', value: 97e6, object: 'country:CN' }),
      ],
      false,
    ],
    [
      '150 M users in the US and 200 M in India (other scopes)',
      [
        c('a', { unit: 'users', value: 150e6, scope: 'US' }),
        c('b', { unit: 'users', value: 200e6, scope: 'IN' }),
      ],
      false,
    ],
    [
      'a refuted figure never counts',
      [c('a', { value: 1000 }), c('b', { value: 9000, status: 'refuted' })],
      false,
    ],
  ])('%s', (_name, claims, want) => expect(claimsDisagree(claims)).toBe(want));

  it('groups in one pass: 100,000 claims of one measure (a pairwise check would not finish)', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => c(`x${i}`, { value: 1000 + (i % 50) }));
    expect(claimsDisagree(many)).toBe(false);
  });
});

describe('atlas export and import', () => {
  it('CSV tables read back into the same records', () => {
    const a = miniAtlas();
    const csv = atlasToCsv(a);
    const back = atlasFromCsv(TABLE_NAMES.map((n) => ({ file: `${n}.csv`, text: csv[n] })));
    expect(back.problems).toEqual([]);
    expect(back.atlas).toEqual(a);
  });

  it('survives any text in any cell', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (title, quote) => {
        const a = miniAtlas();
        a.sources[1]!.title = title.trim() === '' ? 'x' : title;
        a.claims[0]!.sources[0]!.quote = quote.trim() === '' ? undefined : quote.trim();
        if (a.claims[0]!.sources[0]!.quote === undefined) delete a.claims[0]!.sources[0]!.quote;
        const csv = atlasToCsv(a);
        const back = atlasFromCsv(TABLE_NAMES.map((n) => ({ file: `${n}.csv`, text: csv[n] })));
        expect(back.atlas.claims[0]?.sources).toEqual(a.claims[0]?.sources);
      }),
      { numRuns: 200 },
    );
  });

  it('names file, row, field and reason for a bad row, and keeps the good rows', () => {
    const csv = atlasToCsv(miniAtlas());
    const places = `${csv.places.trimEnd()}\nguayaquil,Guayaquil,EC,city,south,-79.9,iso\n`;
    const { atlas, problems } = atlasFromCsv([{ file: 'in/places.csv', text: places }]);
    expect(problems).toEqual([
      { file: 'in/places.csv', record: 'row 3', field: 'lat', message: '"south" is not a number' },
    ]);
    expect(atlas.places.map((p) => p.id)).toEqual(['quito']);
  });

  it('describes every table in a Frictionless data package', () => {
    const pkg = dataPackage({ created: '2026-11-28T00:00:00Z', version: '2026-11-28' }) as {
      resources: Array<{ name: string; path: string; schema: { fields: Array<{ name: string }> } }>;
    };
    const csv = atlasToCsv(miniAtlas());
    for (const r of pkg.resources) {
      const header = csv[r.name as keyof typeof csv].split('\n')[0];
      expect(header).toBe(r.schema.fields.map((f) => f.name).join(','));
      expect(r.path).toBe(`${r.name}.csv`);
    }
  });

  it('JSON reads back, and unknown collections are reported', () => {
    const text = JSON.stringify({ ...miniAtlas(), gossip: [] });
    const { atlas, problems } = parseAtlasJson(text, 'a.json');
    expect(atlas).toEqual(miniAtlas());
    expect(problems).toEqual([
      { file: 'a.json', record: 'file', field: 'gossip', message: 'not an atlas collection' },
    ]);
  });

  it('GeoJSON puts coordinates in longitude, latitude order with properties', () => {
    const g = atlasToGeoJson(miniAtlas(), kb);
    expect(g.features[0]).toMatchObject({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [-78.5125, -0.2202] },
      properties: { name: 'Quito', projects: [{ id: 'ecu-911', suppliers: ['Hikvision'] }] },
    });
  });

  it('refuses a whole import on any problem, or with skipInvalid keeps the good records', () => {
    const base = miniAtlas();
    const incoming: Atlas = {
      ...mergeAtlas(base, base),
      claims: [],
      sources: [],
      countries: [],
      places: [],
      organisations: [],
      projects: [],
    };
    incoming.claims = [
      { ...base.claims[0]!, id: 'good', value: 1 },
      { ...base.claims[0]!, id: 'orphan', subject: 'project:nowhere' },
    ];
    const strict = planImport(base, incoming, [], refs, { ...options, skipInvalid: false });
    expect(strict.refused).toBe(true);
    expect(strict.accepted.claims).toEqual([]);
    expect(strict.problems.map((p) => p.record)).toEqual(['orphan']);
    const lenient = planImport(base, incoming, [], refs, { ...options, skipInvalid: true });
    expect(lenient.refused).toBe(false);
    expect(lenient.accepted.claims.map((c) => c.id)).toEqual(['good']);
  });

  it('drops records that lean on a dropped one', () => {
    const base = miniAtlas();
    const incoming = {
      ...miniAtlas(),
      sources: [],
      countries: [],
      organisations: [],
      claims: [],
    } as Atlas;
    incoming.places = [{ ...base.places[0]!, id: 'nowhere', lat: 95 }];
    // The place fails the schema before planning; a project pointing at it must fail too.
    const parsed = parseAtlasJson(JSON.stringify({ places: incoming.places }), 'p.json');
    incoming.places = parsed.atlas.places;
    incoming.projects = [{ ...base.projects[0]!, id: 'p2', places: ['nowhere'] }];
    const plan = planImport(emptyBase(), incoming, parsed.problems, refs, {
      ...options,
      skipInvalid: true,
    });
    expect(plan.accepted.projects).toEqual([]);
    expect(plan.problems.map((p) => p.field)).toEqual(['lat', 'places.0']);
  });

  it('stats run over the whole mini atlas', () => {
    const s = atlasStats(miniAtlas(), kb);
    expect(s.counts.claims).toBe(5);
    expect(s.deployments[0]).toMatchObject({ name: 'Hikvision', year: 2011, countries: ['EC'] });
    expect(s.restrictions[0]?.jurisdiction).toBe('US');
  });
});

function emptyBase(): Atlas {
  const a = miniAtlas();
  return { ...a, claims: [], projects: [], places: [] };
}
