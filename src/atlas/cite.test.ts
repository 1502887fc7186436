import { describe, expect, it } from 'vitest';
import { citeText, dateParts, dateWords, toCsl } from './cite.js';
import type { AtlasSource } from './schema.js';

const source: AtlasSource = {
  id: 'fcc-22-84',
  url: 'https://docs.fcc.gov/public/attachments/FCC-22-84A1.txt',
  publisher: 'Federal Communications Commission',
  title: 'FCC 22-84 Report and Order',
  date: '2022-11-25',
  kind: 'regulation',
};

describe('citations', () => {
  it.each([
    ['2019', [2019], '2019'],
    ['2021-03', [2021, 3], 'March 2021'],
    ['2019-08-13', [2019, 8, 13], '13 August 2019'],
    ['n.d.', undefined, 'no date'],
  ])('%s keeps its precision', (date, parts, words) => {
    expect(dateParts(date)).toEqual(parts);
    expect(dateWords(date)).toBe(words);
  });

  it('writes CSL-JSON that names the type, publisher, date parts and URL', () => {
    expect(toCsl(source)).toEqual({
      id: 'fcc-22-84',
      type: 'legislation',
      title: 'FCC 22-84 Report and Order',
      publisher: 'Federal Communications Commission',
      URL: 'https://docs.fcc.gov/public/attachments/FCC-22-84A1.txt',
      issued: { 'date-parts': [[2022, 11, 25]] },
    });
    expect(toCsl({ ...source, kind: 'news', date: 'n.d.' })).not.toHaveProperty('issued');
    expect(toCsl({ ...source, kind: 'news' })['container-title']).toBe(
      'Federal Communications Commission',
    );
  });

  it('writes one plain line, naming the copy it was read from', () => {
    expect(citeText({ ...source, archived: 'https://web.archive.org/x' })).toBe(
      'Federal Communications Commission, "FCC 22-84 Report and Order" (25 November 2022). https://docs.fcc.gov/public/attachments/FCC-22-84A1.txt (read from https://web.archive.org/x)',
    );
  });
});
