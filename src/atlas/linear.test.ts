// Pages, statistics, checks and exports over a large atlas: each must stay linear in the number of
// claims and records (a per-claim copy or scan would take minutes here; no time is asserted).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { checkAtlas } from './check.js';
import { atlasToGeoJson } from './geojson.js';
import type { Atlas, Claim } from './schema.js';
import { formatSubject } from './format.js';
import { showSubject } from './show.js';
import { atlasStats } from './stats.js';
import { atlasToCsv, TABLE_NAMES } from './tables.js';
import { atlasFromCsv } from './tables-read.js';
import { miniAtlas } from './testdata/mini.js';
import { countryPage } from './views/countries.js';
import { figuresOf } from './views/figures.js';
import { sourceBook } from './views/atlas-index.js';

const { kb } = await loadKb();
const refs = {
  vendors: new Set(kb.vendors.keys()),
  restrictions: new Set(kb.restrictions.map((r) => r.id)),
  kbSources: new Set(kb.sources.keys()),
};

/** The mini atlas with 1,000 more projects in Ecuador and 100,000 claims about the country and them. */
function bigAtlas(): Atlas {
  const a = miniAtlas();
  for (let s = 0; s < 1000; s++)
    a.sources.push({ id: `s${s}`, kind: 'news', publisher: 'P', title: `T${s}`, date: '2020' });
  for (let p = 0; p < 1000; p++)
    a.projects.push({ ...a.projects[0]!, id: `p${p}`, name: `Project ${p}`, aliases: [] });
  const properties = ['cameras', 'financing', 'started', 'supplier'];
  for (let i = 0; i < 100_000; i++) {
    const property = properties[i % 4]!;
    const claim: Claim = {
      id: `c${i}`,
      subject: i % 2 === 0 ? 'country:EC' : `project:p${i % 1000}`,
      property,
      value:
        property === 'supplier'
          ? 'vendor:hikvision'
          : property === 'started'
            ? '2015'
            : 1000 + (i % 97),
      precision: 'exact',
      ...(property === 'cameras'
        ? { unit: 'cameras' }
        : property === 'financing'
          ? { unit: 'usd' }
          : {}),
      ...(i % 3 === 0 ? { asOf: `${2000 + (i % 20)}` } : {}),
      sources: [{ source: `s${i % 1000}` }, { source: `s${(i * 7) % 1000}` }],
      confidence: 'medium',
      status: 'reported',
    };
    a.claims.push(claim);
  }
  return a;
}

describe('a large atlas stays linear', () => {
  const atlas = bigAtlas();

  it('a country page with 50,000 claims of its own and 1,000 projects', () => {
    const page = countryPage(atlas, kb, 'EC');
    expect(page?.projects).toHaveLength(1001);
    expect(page?.figures.find((f) => f.property === 'cameras')?.claims).toHaveLength(25_000);
    const figures = figuresOf(atlas, kb, 'country:EC', sourceBook(atlas, kb));
    expect(figures.reduce((n, f) => n + f.claims.length, 0)).toBe(50_000);
  });

  it('`atlas show` of the country, and of a project', () => {
    const view = showSubject(atlas, kb, { kind: 'country', id: 'EC' });
    expect(view.figures.reduce((n, f) => n + f.claims.length, 0)).toBe(50_000);
    expect(view.projects).toHaveLength(1001);
    expect(view.sources.length).toBeGreaterThan(1000);
  });

  it('statistics, GeoJSON, the check and the CSV tables', () => {
    expect(atlasStats(atlas, kb).counts.claims).toBe(atlas.claims.length);
    expect(atlasToGeoJson(atlas, kb).features[0]?.properties.projects).toHaveLength(1001);
    expect(checkAtlas(atlas, refs, { today: '2026-11-28' }).errors).toEqual([]);
    const csv = atlasToCsv(atlas);
    const back = atlasFromCsv(TABLE_NAMES.map((n) => ({ file: `${n}.csv`, text: csv[n] })));
    expect(back.atlas.claims).toHaveLength(atlas.claims.length);
  });
});

describe('more items than a spread can pass', () => {
  it('140,000 like claims of one figure: `atlas show` text and the duplicate warnings', () => {
    const a = miniAtlas();
    for (let i = 0; i < 140_000; i++)
      a.claims.push({
        id: `same-${i}`,
        subject: 'country:EC',
        property: 'cameras',
        value: 5000,
        precision: 'exact',
        unit: 'cameras',
        sources: [{ source: 'iso' }],
        confidence: 'medium',
        status: 'reported',
      });
    const text = formatSubject(showSubject(a, kb, { kind: 'country', id: 'EC' }));
    expect(text.split('\n').filter((l) => l.includes('5,000 cameras'))).toHaveLength(140_000);
    const warnings = checkAtlas(a, refs, { today: '2026-11-28' }).warnings;
    expect(warnings.filter((w) => w.message.startsWith('likely duplicate of same-0'))).toHaveLength(
      139_999,
    );
  });
});

describe('likely duplicate places', () => {
  /** The pairwise rule the grid replaces: the first earlier place of the same country and kind, same name or within 1 km. */
  function naive(places: Atlas['places']): string[] {
    const out: string[] = [];
    const r = (d: number): number => (d * Math.PI) / 180;
    const metres = (a: Atlas['places'][number], b: Atlas['places'][number]): number =>
      2 *
      6_371_000 *
      Math.asin(
        Math.sqrt(
          Math.sin(r(b.lat - a.lat) / 2) ** 2 +
            Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2,
        ),
      );
    places.forEach((p, i) => {
      const q = places
        .slice(0, i)
        .find(
          (q) =>
            q.country === p.country &&
            q.kind === p.kind &&
            (q.name.toLowerCase() === p.name.toLowerCase() || metres(p, q) < 1000),
        );
      if (q !== undefined) out.push(`${p.id} ${q.id}`);
    });
    return out;
  }

  it('finds what comparing every pair finds', () => {
    const place = fc.record({
      name: fc.constantFrom('Quito', 'quito', 'Cuenca', 'Loja', 'Ambato'),
      kind: fc.constantFrom('city', 'facility'),
      lat: fc.double({ min: -0.3, max: -0.2, noNaN: true }),
      lon: fc.oneof(
        fc.double({ min: -78.6, max: -78.5, noNaN: true }),
        fc.double({ min: 179.99, max: 180, noNaN: true }),
        fc.double({ min: -180, max: -179.99, noNaN: true }),
      ),
    });
    fc.assert(
      fc.property(fc.array(place, { maxLength: 40 }), (list) => {
        const a = miniAtlas();
        a.places = list.map((p, i) => ({ ...p, id: `pl${i}`, country: 'EC', sources: ['iso'] }));
        const found = checkAtlas(a, refs, { today: '2026-11-28' })
          .warnings.filter((w) => w.collection === 'places' && w.message.startsWith('likely'))
          .map((w) => `${w.record} ${/duplicate of (\S+)/.exec(w.message)?.[1] ?? ''}`);
        expect(found).toEqual(naive(a.places));
      }),
      { numRuns: 300 },
    );
  });

  it('50,000 places spread over a country are checked without comparing every pair', () => {
    const a = miniAtlas();
    a.places = Array.from({ length: 50_000 }, (_, i) => ({
      id: `pl${i}`,
      name: `Place ${i}`,
      country: 'EC',
      kind: 'facility' as const,
      lat: -0.2 - (i % 250) * 0.02,
      lon: -78.5 - Math.floor(i / 250) * 0.02,
      sources: ['iso'],
    }));
    const warnings = checkAtlas(a, refs, { today: '2026-11-28' }).warnings;
    expect(warnings.filter((w) => w.message.startsWith('likely duplicate'))).toEqual([]);
  });
});
