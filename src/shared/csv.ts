// RFC 4180 CSV in one linear pass: quoted fields, doubled quotes, CRLF or LF, newlines inside
// quotes. Lenient where spreadsheets are (a stray quote inside an unquoted field is kept).

/** One record: its fields, its spreadsheet row number (blank lines count) and first line. */
export interface CsvRecord {
  row: number;
  line: number;
  fields: string[];
}

/** A record that could not be read, by row. */
export interface CsvProblem {
  row: number;
  reason: string;
}

export type CsvDelimiter = ',' | ';' | '\t';

/** Splits CSV text into records; blank rows are dropped but counted in row numbers. */
export function parseCsv(
  text: string,
  delimiter: CsvDelimiter = guessDelimiter(text),
): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (so an empty record is not blank)
  let row = 1;
  let line = 1;
  let startLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || wasQuoted)
      records.push({ row, line: startLine, fields });
    fields = [];
    field = '';
    wasQuoted = false;
    row++;
    startLine = line;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (quoted) {
      if (c !== '"') {
        if (c === '\n') line++;
        field += c;
      } else if (s[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      line++;
      endRecord();
    } else field += c;
  }
  if (quoted)
    problems.push({ row, reason: `quoted field opened on line ${startLine} never closes` });
  else if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return { records, problems };
}

/** The delimiter that splits the first line most: comma, semicolon (European Excel) or tab. */
export function guessDelimiter(text: string): CsvDelimiter {
  const end = text.search(/\r|\n/);
  const first = text.slice(0, end < 0 ? Math.min(text.length, 4096) : Math.min(end, 4096));
  const count = (d: string): number => first.split(d).length;
  const candidates: CsvDelimiter[] = [',', ';', '\t'];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}
