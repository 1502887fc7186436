// `atlas import --format aiddata`: AidData GCDF 3.0 samples (full and dotted CSV, per-project
// GeoJSON) read from the shared sample folder, the selection filter, attribution, idempotent
// re-import, and a malformed row located by file, row and column.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { CsvReader, csvCell, parseCsv } from '../shared/csv.js';
import { AidDataTable, aidDataToAtlas, readAidDataGeoJson, selectRow } from './aiddata.js';
import { checkAtlas } from './check.js';
import { readAidDataImport } from './fs-aiddata.js';
import { countryBoxes, loadAtlasDir } from './fs-atlas.js';
import { diffAtlas, mergeAtlas, planImport } from './import.js';
import { formatAtlasProblem } from './parse.js';
import type { Atlas } from './schema.js';

/** The AidData sample (with its licence and README), beside the repository; never copied into it. */
const SAMPLE = join('..', 'shared', 'data', 'aiddata');
const FULL = join(SAMPLE, 'gcdf3-projects-sample.csv');
const DOTTED = join(SAMPLE, 'gcdf3-final-input-sample.csv');
const ECU = join(SAMPLE, 'geojson', '39281.geojson');
const ISLAMABAD = join(SAMPLE, 'geojson', '37016.geojson');

const dir = mkdtempSync(join(tmpdir(), 'sousveil-aiddata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { kb } = await loadKb();
const refs = {
  vendors: new Set(kb.vendors.keys()),
  restrictions: new Set(kb.restrictions.map((r) => r.id)),
  kbSources: new Set(kb.sources.keys()),
};
const vendors = [...kb.vendors.values()].map((v) => ({
  id: v.id,
  names: [v.name, ...v.aliases, ...v.legalNames],
}));

/** The shipped atlas, plus Mali and Malaysia (countries of sample rows) where it lacks them. */
const shipped = loadAtlasDir().atlas;
function base(): Atlas {
  const atlas = structuredClone(shipped);
  for (const [id, iso3, numeric, name, region] of [
    ['ML', 'MLI', '466', 'Mali', 'africa'],
    ['MY', 'MYS', '458', 'Malaysia', 'asia'],
  ] as const)
    if (!atlas.countries.some((c) => c.id === id))
      atlas.countries.push({ id, iso3, numeric, name, region, sources: ['aiddata-gcdf-3'] });
  return atlas;
}

const check = (atlas: Atlas) =>
  checkAtlas(atlas, refs, { today: '2026-11-30', boxes: countryBoxes() });

function rowsOf(file: string, text = readFileSync(file, 'utf8')) {
  const table = new AidDataTable(file);
  const rows = table.push(parseCsv(text, ',').records);
  return { rows, problems: table.problems };
}

describe('AidData GCDF 3.0 CSV, both column flavours', () => {
  it('reads every row of the full-name sample (126 columns) and of the dotted sample', () => {
    const full = rowsOf(FULL);
    expect(full.problems).toEqual([]);
    expect(full.rows.map((r) => r.values.id)).toEqual([
      '96203',
      '96082',
      '96083',
      '96085',
      '96151',
      '96156',
      '96168',
      '90185',
      '90212',
      '90233',
      '90240',
      '90272',
    ]);
    const r = full.rows.find((x) => x.values.id === '90272');
    expect(r?.values.iso3).toBe('MYS');
    expect(r?.values.sourceUrls).toBe(
      'https://www.malaysiakini.com/news/515835|https://www.malaysiakini.com/news/515859',
    );
    expect(r?.columns.iso3).toBe('Recipient ISO-3');
    const dotted = rowsOf(DOTTED);
    expect(dotted.problems).toEqual([]);
    expect(dotted.rows).toHaveLength(44);
    const zte = dotted.rows.find((x) => x.values.id === '74');
    expect(zte?.values.iso3).toBe('MLI');
    expect(zte?.values.amountConstant).toBe('3060029.02295595');
    expect(zte?.columns.iso3).toBe('Recipient.ISO-3');
  });

  it('the filter: an ICT vendor row and safe-city / 911 rows are selected, unrelated rows are not', () => {
    const dotted = rowsOf(DOTTED).rows;
    const pick = (id: string) =>
      selectRow(
        dotted.find((r) => r.values.id === id)!,
        vendors,
      );
    expect(pick('74')).toEqual({ keywords: [], vendors: ['zte'] }); // ZTE, COMMUNICATIONS
    expect(pick('20')).toBeUndefined(); // a telephone network loan naming no vendor
    expect(pick('4')).toBeUndefined(); // a hospital
    expect(pick('13')).toBeUndefined(); // computers and sewing machines, government sector
    const full = rowsOf(FULL).rows;
    const fpick = (id: string) =>
      selectRow(
        full.find((r) => r.values.id === id)!,
        vendors,
      );
    expect(fpick('90272')).toBeUndefined(); // Covid supplies for the police: HEALTH sector
    expect(fpick('90212')).toBeUndefined(); // Huawei classroom kit: EDUCATION sector
    expect(full.filter((r) => selectRow(r, vendors) !== undefined)).toEqual([]);
    const islamabad = readAidDataGeoJson(ISLAMABAD, readFileSync(ISLAMABAD, 'utf8')).rows[0]!;
    expect(selectRow(islamabad, vendors)?.keywords).toEqual(['safe city']);
    const ecu = readAidDataGeoJson(ECU, readFileSync(ECU, 'utf8')).rows[0]!;
    expect(selectRow(ecu, vendors)?.keywords).toEqual(['911']);
  });

  it('police selects a row only in the government and ICT sectors', () => {
    const row = rowsOf(FULL).rows.find((r) => r.values.id === '90272')!;
    const gov = { ...row, values: { ...row.values, sector: 'GOVERNMENT AND CIVIL SOCIETY' } };
    expect(selectRow(gov, vendors)?.keywords).toEqual(['police']);
  });
});

describe('AidData rows as atlas records', () => {
  it('the ZTE row becomes a candidate project with claims citing the record', async () => {
    const r = await readAidDataImport([DOTTED], { base: base(), vendors });
    expect(r.problems).toEqual([]);
    expect(r.selected.map((s) => s.record)).toEqual([74]);
    const p = r.atlas.projects[0]!;
    expect(p).toMatchObject({
      id: 'gcdf3-74',
      country: 'ML',
      kind: 'telecom-network',
      vendors: ['zte'],
      review: 'candidate',
      status: 'operating',
      sources: ['gcdf3-74'],
    });
    expect(r.atlas.sources[0]).toMatchObject({
      id: 'gcdf3-74',
      title: 'AidData GCDF 3.0, record 74',
      kind: 'dataset',
    });
    const financing = r.atlas.claims.find((c) => c.property === 'financing');
    expect(financing).toMatchObject({
      subject: 'project:gcdf3-74',
      value: 3060029,
      unit: 'usd',
      asOf: '2005-06-27',
      status: 'reported',
      confidence: 'low',
      sources: [{ source: 'gcdf3-74', page: 'record 74' }],
    });
    expect(financing?.note).toMatch(/constant 2021 USD/);
    expect(r.atlas.claims.find((c) => c.property === 'supplier')?.value).toBe('vendor:zte');
    const merged = mergeAtlas(base(), r.atlas);
    expect(check(merged).errors.map(formatAtlasProblem)).toEqual([]);
  });

  it('every source URL of a full-name row becomes a cited source', () => {
    // The police row, as if it were coded in the government sector (it is HEALTH in the sample).
    const rows = rowsOf(FULL).rows.map((r) =>
      r.values.id === '90272'
        ? { ...r, values: { ...r.values, sector: 'GOVERNMENT AND CIVIL SOCIETY' } }
        : r,
    );
    const r = aidDataToAtlas(rows, [], { base: base(), vendors });
    expect(r.problems).toEqual([]);
    expect(r.selected.map((s) => s.record)).toEqual([90272]);
    const urls = r.atlas.sources.filter((s) => s.url !== undefined);
    expect(urls.map((s) => [s.url, s.title, s.kind])).toEqual([
      [
        'https://www.malaysiakini.com/news/515835',
        'Covid-19: Malaysia receives medical device aid from China',
        'news',
      ],
      ['https://www.malaysiakini.com/news/515859', '中国再捐医用配备，供大马警方使用', 'news'],
    ]);
    const financing = r.atlas.claims.find((c) => c.property === 'financing')!;
    expect(financing).toMatchObject({ value: 16080, unit: 'usd', asOf: '2020-03-20' });
    expect(financing.sources.map((s) => s.source)).toEqual([
      'gcdf3-90272',
      ...urls.map((s) => s.id),
    ]);
    expect(r.atlas.projects[0]).toMatchObject({ kind: 'police-platform', started: '2020-03-20' });
  });

  it('a record a curated project cites gets claims there, not a second project', async () => {
    const r = await readAidDataImport([ISLAMABAD, ECU], { base: base(), vendors });
    expect(r.problems).toEqual([]);
    expect(r.selected).toEqual([
      expect.objectContaining({ record: 37016, project: 'islamabad-safe-city', linked: true }),
      expect.objectContaining({ record: 39281, project: 'ecu-911', linked: true }),
    ]);
    expect(r.atlas.projects).toEqual([]);
    expect(r.atlas.places).toEqual([]);
    expect(r.atlas.claims.find((c) => c.id === 'gcdf3-37016-financing')).toMatchObject({
      subject: 'project:islamabad-safe-city',
      value: 174885814,
      unit: 'usd',
    });
    expect(check(mergeAtlas(base(), r.atlas)).errors.map(formatAtlasProblem)).toEqual([]);
  });

  it('GeoJSON gives a candidate project its places, inside the country', async () => {
    const atlas = base();
    atlas.projects = atlas.projects.filter(
      (p) => !['ecu-911', 'islamabad-safe-city'].includes(p.id),
    );
    const r = await readAidDataImport([ISLAMABAD, ECU], { base: atlas, vendors });
    expect(r.problems).toEqual([]);
    expect(r.atlas.projects.map((p) => [p.id, p.kind, p.places])).toEqual([
      ['gcdf3-37016', 'safe-city', ['gcdf3-37016-site']],
      ['gcdf3-39281', 'emergency-system', ['gcdf3-39281-site']],
    ]);
    expect(r.atlas.places.map((p) => [p.id, p.country, p.kind])).toEqual([
      ['gcdf3-37016-site', 'PK', 'region'], // one MultiPolygon: an ADM4 area and a precise point
      ['gcdf3-39281-site', 'EC', 'facility'],
    ]);
    const quito = r.atlas.places[1]!;
    expect(quito.lat).toBeCloseTo(-0.2198, 3);
    expect(quito.lon).toBeCloseTo(-78.4988, 3);
    expect(r.atlas.sources[0]?.licence).toMatch(/OpenStreetMap/);
    expect(r.atlas.projects[0]?.started).toBe('2014-01-01');
    const errors = check(mergeAtlas(atlas, r.atlas)).errors; // the removed projects' claims dangle
    expect(errors.filter((e) => e.record.startsWith('gcdf3-')).map(formatAtlasProblem)).toEqual([]);
  });

  it('re-import updates: the second run adds nothing and changes nothing', async () => {
    const files = [DOTTED, ECU, ISLAMABAD];
    const first = await readAidDataImport(files, { base: base(), vendors });
    const plan1 = planImport(base(), first.atlas, first.problems, refs, {
      today: '2026-11-30',
      skipInvalid: false,
    });
    expect(plan1.problems.map(formatAtlasProblem)).toEqual([]);
    const after = mergeAtlas(base(), plan1.accepted);
    const d1 = diffAtlas(base(), plan1.accepted);
    expect(d1.added.length).toBeGreaterThan(0);
    const second = await readAidDataImport(files, { base: after, vendors });
    const d2 = diffAtlas(after, second.atlas);
    expect(d2).toEqual({ added: [], changed: [], unchanged: d1.added.length });
    const merged = mergeAtlas(after, second.atlas);
    expect(merged.projects).toHaveLength(after.projects.length);
    expect(merged.claims).toHaveLength(after.claims.length);
  });

  it('a malformed row is named by file, row and column, and adds nothing', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      readFileSync(DOTTED, 'utf8').replace(/,74,3060029\.02295595,/, ',74,three million,'),
    );
    const r = await readAidDataImport([bad], { base: base(), vendors });
    expect(r.problems.map(formatAtlasProblem)).toEqual([
      `${bad}: row 22: Amount.(Constant.USD.2021): "three million" is not an amount`,
    ]);
    expect(r.atlas.projects).toEqual([]);
    const short = join(dir, 'short.csv');
    writeFileSync(
      short,
      readFileSync(DOTTED, 'utf8').split('\n').slice(0, 3).join('\n').concat('\n1,2\n'),
    );
    const s = await readAidDataImport([short], { base: base(), vendors });
    expect(s.problems.map(formatAtlasProblem)).toEqual([
      `${short}: row 4: has 2 fields, the header 17`,
    ]);
  });

  it('a country outside the atlas, and a file that is not AidData, are named', async () => {
    const noMali = structuredClone(shipped);
    noMali.countries = noMali.countries.filter((c) => c.id !== 'ML');
    const r = await readAidDataImport([DOTTED], { base: noMali, vendors });
    expect(r.problems.map(formatAtlasProblem)).toEqual([
      `${DOTTED}: row 22: Recipient.ISO-3: "MLI" is not a country of the atlas; add it to countries first`,
    ]);
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'id,name\n1,x\n');
    const o = await readAidDataImport([other], { base: base(), vendors });
    expect(o.problems.map(formatAtlasProblem)[0]).toBe(
      `${other}: row 1: AidData Record ID: column missing from the header (also read as "AidData.Record.ID"); is this an AidData GCDF 3.0 file?`,
    );
  });

  it('rows read the same however the file is cut into chunks', () => {
    const text = readFileSync(FULL, 'utf8');
    const whole = rowsOf(FULL).rows;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }),
        (cuts) => {
          const table = new AidDataTable(FULL);
          const reader = new CsvReader(',');
          const rows = [];
          let at = 0;
          for (const c of [...cuts].sort((a, b) => a - b)) {
            rows.push(...table.push(reader.push(text.slice(at, c))));
            at = c;
          }
          rows.push(...table.push(reader.push(text.slice(at))));
          rows.push(...table.push(reader.end().records));
          expect(rows).toEqual(whole);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('never throws on arbitrary rows: bad values are problems', () => {
    const header = readFileSync(DOTTED, 'utf8').split('\n')[0]!;
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 17, maxLength: 17 }), (cells) => {
        const text = `${header}\n${cells.map((c) => csvCell(c)).join(',')}\n`;
        const { rows, problems } = rowsOf(DOTTED, text);
        const r = aidDataToAtlas(rows, [], { base: base(), vendors });
        for (const p of [...problems, ...r.problems]) expect(p.file).toBe(DOTTED);
      }),
      { numRuns: 50 },
    );
  });
});
