// The shipped atlas data: it passes `atlas check`, and holds what the "done when" names.
import { describe, expect, it } from 'vitest';
import { atlasRefs } from '../cli/atlas-context.js';
import { loadKb } from '../kb/index.js';
import { checkAtlas } from './check.js';
import { countryBoxes, loadAtlasDir } from './fs-atlas.js';
import { findSubject, showSubject } from './show.js';
import { projectClass } from './classes.js';
import { headlineFigures } from './headlines.js';

const { kb } = await loadKb();
const { atlas, problems } = loadAtlasDir();

describe('data/atlas', () => {
  it('parses and passes atlas check', () => {
    expect(problems).toEqual([]);
    const { errors } = checkAtlas(atlas, atlasRefs(kb), {
      today: '2026-11-28',
      boxes: countryBoxes(),
    });
    expect(errors).toEqual([]);
  });

  it("attributes each of the seed article's headline figures to it", () => {
    const world = headlineFigures(atlas, kb).filter((h) => h.subject === 'world');
    expect(world.map((h) => h.claim.property).sort()).toEqual(
      expect.arrayContaining([
        'bri-countries',
        'countries',
        'exports-value',
        'market-share',
        'smart-city-count',
        'units-per-year',
      ]),
    );
  });

  it('Ecuador shows ECU 911 with its sources', () => {
    const s = findSubject(atlas, kb, 'Ecuador');
    expect(s?.kind).toBe('country');
    const view = showSubject(atlas, kb, s!);
    const ecu = view.projects.find((p) => /ECU[ -]?911/i.test(p.name));
    expect(ecu?.sources.length).toBeGreaterThan(0);
    expect(ecu?.figures.length).toBeGreaterThan(0);
    // A claim that quotes one source twice still cites it once.
    for (const f of ecu?.figures ?? [])
      for (const c of f.claims) expect(new Set(c.sources).size).toBe(c.sources.length);
  });

  it('Serbia shows the Belgrade Safe City with disagreeing camera counts side by side', () => {
    const view = showSubject(atlas, kb, findSubject(atlas, kb, 'Serbia')!);
    const cameras = view.projects
      .flatMap((p) => p.figures)
      .filter((f) => f.property === 'cameras' && f.disagree);
    expect(cameras.length).toBeGreaterThan(0);
    expect(cameras[0]?.claims.length).toBeGreaterThan(1);
  });

  it('every claim carries at least one source that resolves', () => {
    const sources = new Set([...atlas.sources.map((s) => s.id), ...kb.sources.keys()]);
    for (const c of atlas.claims)
      for (const s of c.sources) expect(sources.has(s.source), `${c.id} -> ${s.source}`).toBe(true);
  });

  it('classes ports, railways and corridors as infrastructure, never as surveillance', () => {
    const surveillanceCountries = new Set(
      atlas.projects.filter((p) => projectClass(p) === 'surveillance').map((p) => p.country),
    );
    // Greece and Sri Lanka have only ports; Djibouti's port does not count, its camera grant does.
    for (const country of ['GR', 'LK']) expect(surveillanceCountries.has(country)).toBe(false);
    expect(projectClass(atlas.projects.find((p) => p.id === 'doraleh-port')!)).toBe(
      'infrastructure',
    );
    expect(
      atlas.projects
        .filter((p) => p.country === 'DJ' && projectClass(p) === 'surveillance')
        .map((p) => p.id),
    ).toEqual(['djibouti-urban-security-monitoring']);
    expect(projectClass(atlas.projects.find((p) => p.id === 'ecu-911')!)).toBe('surveillance');
    for (const kind of ['port', 'railway', 'economic-corridor'])
      for (const p of atlas.projects.filter((x) => x.kind === kind))
        expect(projectClass(p)).toBe('infrastructure');
  });
});
