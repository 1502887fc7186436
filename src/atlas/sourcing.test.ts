// Sourcing and the headline figures: copies are reported by atlas check, canonical and independent
// sources are counted by atlas stats, review candidates never count, the indexes stand beside.
import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { checkAtlas } from './check.js';
import { headlineFigures } from './headlines.js';
import type { Atlas } from './schema.js';
import { atlasStats, independentSourceCount, sourcing } from './stats.js';
import { miniAtlas } from './testdata/mini.js';

const { kb } = await loadKb();
const refs = {
  vendors: new Set(kb.vendors.keys()),
  restrictions: new Set(kb.restrictions.map((r) => r.id)),
  kbSources: new Set(kb.sources.keys()),
};

function withCopies(): Atlas {
  const a = miniAtlas();
  a.sources.push(
    {
      id: 'copy-only',
      readAt: 'https://nybreaking.com/story',
      publisher: 'Reuters (copy)',
      title: 'Story',
      date: '2023',
      kind: 'news',
      note: 'read on a copy',
    },
    {
      id: 'copy-as-url',
      url: 'https://www.readkong.com/page/report',
      publisher: 'Institute',
      title: 'Report',
      date: '2020',
      kind: 'research',
    },
    {
      id: 'fixed',
      url: 'https://www.dw.com/en/story/a-1',
      readAt: 'https://effizziemagz.com/story',
      publisher: 'DW',
      title: 'Story',
      date: '2023',
      kind: 'news',
    },
  );
  a.projects[0]!.sources = ['aiddata-39281', 'copy-only', 'fixed'];
  return a;
}

describe('sources read on copies', () => {
  it('atlas check warns about copies without a canonical url, not about fixed ones', () => {
    const { errors, warnings } = checkAtlas(withCopies(), refs, { today: '2026-11-30' });
    expect(errors).toEqual([]);
    const copies = warnings
      .filter((w) => w.field === 'url')
      .map((w) => `${w.record}: ${w.message}`);
    expect(copies).toEqual([
      'copy-only: read on a scraper host (nybreaking.com) with no canonical url',
      "copy-as-url: url readkong.com is a document dump host, a copy: give the publisher's own page as url and keep this one as readAt",
    ]);
  });

  it('two copies of one canonical page read in different places are not duplicates', () => {
    const a = withCopies();
    a.sources.push({
      ...a.sources.find((s) => s.id === 'fixed')!,
      id: 'fixed-2',
      readAt: 'https://example.net/x',
    });
    const { warnings } = checkAtlas(a, refs, { today: '2026-11-30' });
    expect(warnings.filter((w) => w.message.includes('duplicate'))).toEqual([]);
  });

  it('counts canonical sources, kinds and independent sites per project', () => {
    const a = withCopies();
    const s = sourcing(a);
    expect(s.sources).toBe(a.sources.length);
    expect(s.withCanonicalUrl).toBe(a.sources.length - 3); // seed-article (no url), copy-only, copy-as-url
    expect(s.byKind.news).toBe(2);
    expect(independentSourceCount(a, ['aiddata-39281', 'copy-only', 'fixed'])).toBe(3);
    expect(independentSourceCount(a, ['fixed', 'fixed'])).toBe(1);
    expect(s.surveillanceProjects).toBe(1);
    expect(s.withTwoIndependentSources).toBe(1);
  });
});

describe('atlas stats and review candidates', () => {
  it('carries projects and countriesWithSurveillanceProjects as numbers', () => {
    const s = atlasStats(miniAtlas(), kb);
    expect(typeof s.projects).toBe('number');
    expect(s.countriesWithSurveillanceProjects).toBe(1);
    expect(s.countriesWithChineseSuppliedSurveillanceProjects).toBe(1); // Hikvision in Ecuador
  });

  it('review candidates are left out of the counts and the headline figures', () => {
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
      id: 'gcdf3-1',
      country: 'KE',
      places: [],
      review: 'candidate',
    });
    const s = atlasStats(a, kb);
    expect(s.reviewCandidates).toBe(1);
    expect(s.countriesWithSurveillanceProjects).toBe(1);
    const countries = headlineFigures(a, kb).find((h) => h.claim.property === 'countries');
    expect(countries?.support.kind).toBe('computed');
    const records = countries?.support.kind === 'computed' ? countries.support.records : [];
    expect(records).toContain('project:ecu-911');
    expect(records).not.toContain('project:gcdf3-1');
  });

  it('a computed headline shows the other sources’ world figures of the same property beside it', () => {
    const a = miniAtlas();
    const seed = a.claims.find((c) => c.subject === 'world' && c.property === 'countries');
    expect(seed).toBeDefined();
    a.claims.push({
      ...seed!,
      id: 'world-countries-index',
      value: 52,
      sources: [{ source: 'iso' }],
    });
    const row = headlineFigures(a, kb).find((h) => h.claim.id === seed!.id)!;
    expect(row.support.kind).toBe('computed');
    expect(row.indexes.map((i) => [i.id, i.value, i.by])).toEqual([
      ['world-countries-index', 52, ['ISO 3166']],
    ]);
  });
});
