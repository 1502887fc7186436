// Alternatives to a covered vendor: makers of the same category that no restriction reaches,
// with country and sources; never the vendor itself, never a covered maker, never a brand.
import { describe, expect, it } from 'vitest';
import { alternativesFor, reachedByRestriction } from './alternatives.js';
import { loadKb } from './index.js';
import { buildKb } from './kb.js';
import { parseKbFiles } from './parse.js';
import { testFiles } from './test-kb.js';

const { kb } = await loadKb();
const asOf = '2026-11-30';

describe('alternatives', () => {
  it('lists uncovered IP-camera makers for Hikvision, not Dahua or Hikvision itself', () => {
    const groups = alternativesFor(kb, 'hikvision', asOf);
    const cams = groups.find((g) => g.category === 'ip-cameras');
    const ids = cams?.alternatives.map((a) => a.vendor) ?? [];
    expect(ids).toContain('axis');
    expect(ids).not.toContain('hikvision');
    expect(ids).not.toContain('dahua');
    for (const a of cams?.alternatives ?? []) {
      expect(reachedByRestriction(kb, a.vendor, asOf), a.vendor).toBe(false);
      expect(a.sources.length).toBeGreaterThan(0);
      expect(a.country).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('gives a category only where the vendor makes it', () => {
    expect(alternativesFor(kb, 'hikvision', asOf).map((g) => g.category)).not.toContain('radios');
    expect(alternativesFor(kb, 'hytera', asOf).map((g) => g.category)).toContain('radios');
  });

  it('names the owner of an alternative from an active ownership relation, with its source', () => {
    const { kb: raw } = parseKbFiles(
      testFiles({
        vendors: `
- { id: maker, name: Maker, kind: company, country: CN, makes: [ip-camera], sources: [s1] }
- { id: alt, name: Alt, kind: company, country: SE, makes: [ip-camera], sources: [s1] }
- { id: parent, name: Parent, kind: company, country: JP, sources: [s1] }
- { id: altbrand, name: AltBrand, kind: brand, country: US, makes: [ip-camera], sources: [s1] }`,
        relations: `
- { id: alt-sub, type: subsidiary, from: alt, to: parent, since: '2015', confidence: high, sources: [s2] }`,
      }),
    );
    const small = buildKb(raw, []);
    const groups = alternativesFor(small, 'maker', '2024-01-01');
    expect(groups).toEqual([
      {
        category: 'ip-cameras',
        label: 'IP cameras',
        alternatives: [
          {
            vendor: 'alt',
            name: 'Alt',
            country: 'SE',
            owners: [{ vendor: 'parent', name: 'Parent', country: 'JP', type: 'subsidiary' }],
            sources: ['s1', 's2'],
          },
        ],
      },
    ]);
  });
});
