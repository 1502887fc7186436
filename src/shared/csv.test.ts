import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessDelimiter, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it.each([
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['"x, y","say ""hi"""\n', [['x, y', 'say "hi"']]],
    [
      '"multi\nline",2\n3,4',
      [
        ['multi\nline', '2'],
        ['3', '4'],
      ],
    ],
    ['a,,\n', [['a', '', '']]],
    ['""\n', [['']]],
    ['ab"c,d\n', [['ab"c', 'd']]],
    ['\uFEFFip\n', [['ip']]],
  ])('splits %j', (text, expected) => {
    expect(parseCsv(text, ',').records.map((r) => r.fields)).toEqual(expected);
  });

  it('counts rows like a spreadsheet (blank rows count, embedded newlines do not)', () => {
    const { records } = parseCsv('h\n\n"a\nb"\nc\n', ',');
    expect(records.map((r) => [r.row, r.line])).toEqual([
      [1, 1],
      [3, 3],
      [4, 5],
    ]);
  });

  it('reports an unterminated quote', () => {
    expect(parseCsv('h\n"open,1\n2\n', ',').problems).toEqual([
      { row: 2, reason: 'quoted field opened on line 2 never closes' },
    ]);
  });

  it.each([
    ['ip;mac;model', ';'],
    ['ip\tmac', '\t'],
    ['ip,mac', ','],
    ['ip', ','],
  ])('guesses the delimiter of %j', (line, d) => {
    expect(guessDelimiter(line)).toBe(d);
  });

  it('never throws and stays linear', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (t) => void parseCsv(t)));
    parseCsv('"'.repeat(300_000));
    parseCsv(','.repeat(300_000));
    parseCsv('\n'.repeat(300_000));
  });
});
