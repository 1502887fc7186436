// `atlas import` files from disk: a large import stays linear and overflows no stack; claims.csv
// brings the claim_sources.csv beside it, or says once that it is missing; limits count bytes.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { openSqliteStore } from '../store/index.js';
import { loadStoredAtlas, saveAtlas } from './atlas-store.js';
import { readImport } from './fs-import.js';
import { planImport } from './import.js';
import { formatAtlasProblem } from './parse.js';
import type { Atlas } from './schema.js';
import { atlasToCsv, TABLE_NAMES } from './tables.js';
import { miniAtlas } from './testdata/mini.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-atlas-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { kb } = await loadKb();
const refs = {
  vendors: new Set(kb.vendors.keys()),
  restrictions: new Set(kb.restrictions.map((r) => r.id)),
  kbSources: new Set(kb.sources.keys()),
};

/** 5,000 places and 125,000 claims, all sourced: 130,000 records (one spread of them overflowed the stack). */
function largeAtlas(): Atlas {
  const a = miniAtlas();
  for (let i = 0; i < 5_000; i++)
    a.places.push({
      id: `place-${i}`,
      name: `Place ${i}`,
      country: 'EC',
      kind: 'facility',
      lat: -0.1 - (i % 100) * 0.02,
      lon: -78.2 - Math.floor(i / 100) * 0.005,
      sources: ['iso'],
    });
  for (let i = 0; i < 125_000; i++)
    a.claims.push({
      id: `claim-${i}`,
      subject: 'project:ecu-911',
      property: 'cameras',
      value: 1000 + i,
      precision: 'exact',
      unit: 'cameras',
      asOf: String(2000 + (i % 20)),
      sources: [{ source: 'aiddata-39281', page: String(i) }],
      confidence: 'medium',
      status: 'reported',
    });
  return a;
}

describe('atlas import from files', () => {
  it('imports 130,000 records from one JSON file into a real store', async () => {
    const file = join(dir, 'large.json');
    const atlas = largeAtlas();
    writeFileSync(file, JSON.stringify(atlas));
    const origins = new Map<string, string>();
    const { atlas: incoming, problems } = readImport([file], origins);
    expect(problems).toEqual([]);
    expect(incoming.claims).toHaveLength(atlas.claims.length);
    const plan = planImport(miniAtlas(), incoming, problems, refs, {
      today: '2026-11-28',
      skipInvalid: false,
    });
    expect(plan.problems.map(formatAtlasProblem)).toEqual([]);
    const store = openSqliteStore(join(dir, 'large.db'));
    try {
      expect(await saveAtlas(store, plan.accepted)).toBeGreaterThan(130_000);
      const stored = await loadStoredAtlas(store);
      expect(stored.claims).toHaveLength(atlas.claims.length);
      expect(stored.places).toHaveLength(atlas.places.length);
    } finally {
      await store.close();
    }
  });

  it('claims.csv alone: one problem naming claim_sources.csv, not one per row', () => {
    const csv = atlasToCsv(miniAtlas());
    const alone = join(dir, 'alone');
    mkdirSync(alone);
    writeFileSync(join(alone, 'claims.csv'), csv.claims);
    const { problems } = readImport([join(alone, 'claims.csv')], new Map());
    expect(problems).toEqual([
      {
        file: join(alone, 'claims.csv'),
        record: 'file',
        message:
          'the claims have no sources: claim_sources.csv is neither in the import nor beside this file; import both (`atlas export --format csv` writes them together)',
      },
    ]);
  });

  it('claims.csv brings the claim_sources.csv beside it', () => {
    const csv = atlasToCsv(miniAtlas());
    const beside = join(dir, 'beside');
    mkdirSync(beside);
    for (const name of TABLE_NAMES) writeFileSync(join(beside, `${name}.csv`), csv[name]);
    const { atlas, problems } = readImport([join(beside, 'claims.csv')], new Map());
    expect(problems).toEqual([]);
    expect(atlas.claims).toEqual(miniAtlas().claims);
  });

  it('refuses a file with no end (a device) once the byte limit passes', () => {
    const zero = join(dir, 'zero.json');
    copyFileSync('/dev/null', zero);
    expect(readImport([zero], new Map()).problems[0]?.message).toMatch(/^not JSON/);
    expect(() => readImport(['/dev/zero'], new Map())).toThrow(
      '/dev/zero: larger than 64 MiB, the limit for one file; stopped reading there; split it into several files',
    );
  });
});
