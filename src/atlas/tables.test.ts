// The atlas CSV export: text that a spreadsheet would run as a formula comes out inert, and
// the import reads it back as it was.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../shared/csv.js';
import { hostileCells, isInert } from '../shared/testdata/hostile-cells.js';
import { atlasToCsv, TABLE_NAMES } from './tables.js';
import { atlasFromCsv } from './tables-read.js';
import { miniAtlas } from './testdata/mini.js';

describe('atlas export --format csv', () => {
  it.each(hostileCells)('writes %j as inert text in every table, and imports it back', (text) => {
    const a = miniAtlas();
    a.projects[0]!.name = text;
    a.projects[0]!.summary = text;
    a.sources[1]!.title = text;
    a.claims[0]!.note = text;
    a.claims[0]!.sources[0]!.quote = text;
    const csv = atlasToCsv(a);
    for (const name of TABLE_NAMES) {
      for (const r of parseCsv(csv[name], ',').records)
        for (const cell of r.fields) expect(isInert(cell), `${name}: ${cell}`).toBe(true);
    }
    expect(csv.projects).toContain(`'${text.replaceAll('"', '""')}`);
    const back = atlasFromCsv(TABLE_NAMES.map((n) => ({ file: `${n}.csv`, text: csv[n] })));
    expect(back.problems).toEqual([]);
    expect(back.atlas).toEqual(a);
  });

  it('leaves negative numbers as numbers', () => {
    const csv = atlasToCsv(miniAtlas());
    expect(csv.places).toMatch(/,-\d+(\.\d+)?,/);
  });
});
