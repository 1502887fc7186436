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
  const reader = new CsvReader(delimiter);
  const records = reader.push(text);
  const end = reader.end();
  for (const r of end.records) records.push(r);
  return { records, problems: end.problems };
}

const specials: Record<CsvDelimiter, RegExp> = {
  ',': /[",\r\n]/g,
  ';': /[";\r\n]/g,
  '\t': /["\t\r\n]/g,
};

/**
 * CSV read piece by piece, for files streamed in chunks: `push` each piece of text (a chunk may end
 * anywhere, even inside a quoted field) and take the records it completed; `end` finishes. Memory
 * holds only the record being read.
 */
export class CsvReader {
  readonly #delimiter: CsvDelimiter;
  readonly #special: RegExp;
  #carry = '';
  #started = false;
  #fields: string[] = [];
  #field = '';
  #quoted = false; // inside a quoted field
  #wasQuoted = false; // the current field was quoted (so an empty record is not blank)
  #row = 1;
  #line = 1;
  #startLine = 1;
  #out: CsvRecord[] = [];
  #problems: CsvProblem[] = [];
  readonly #maxRecordChars: number;
  #recordChars = 0; // characters and fields of the record so far, against the limit

  /** `maxRecordChars` bounds one record: a longer one is skipped (a problem), never held. */
  constructor(delimiter: CsvDelimiter, maxRecordChars = 1024 * 1024) {
    this.#delimiter = delimiter;
    this.#maxRecordChars = maxRecordChars;
    this.#special = new RegExp(specials[delimiter].source, 'g');
  }

  /** Reads the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    let s = this.#carry + text;
    if (!this.#started && s.length > 0) {
      this.#started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    this.#carry = '';
    this.#scan(s, false);
    return this.#take();
  }

  /** Ends the text: the last record, and a problem if a quoted field never closed. */
  end(): { records: CsvRecord[]; problems: CsvProblem[] } {
    const rest = this.#carry;
    this.#carry = '';
    this.#scan(rest, true);
    if (this.#quoted)
      this.#problems.push({
        row: this.#row,
        reason: `quoted field opened on line ${this.#startLine} never closes`,
      });
    else if (this.#recordChars > 0 || this.#wasQuoted) this.#endRecord();
    const problems = this.#problems;
    this.#problems = [];
    return { records: this.#take(), problems };
  }

  #take(): CsvRecord[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }

  /** Adds text to the field, unless the record has outgrown the limit (then it is dropped). */
  #add(text: string): void {
    this.#recordChars += text.length;
    if (this.#recordChars <= this.#maxRecordChars) this.#field += text;
  }

  #endField(): void {
    this.#recordChars++;
    if (this.#recordChars <= this.#maxRecordChars) this.#fields.push(this.#field);
    this.#field = '';
  }

  #endRecord(): void {
    this.#endField();
    if (this.#recordChars > this.#maxRecordChars)
      this.#problems.push({
        row: this.#row,
        reason: `longer than ${this.#maxRecordChars} characters; skipped`,
      });
    else if (this.#fields.length > 1 || this.#fields[0] !== '' || this.#wasQuoted)
      this.#out.push({ row: this.#row, line: this.#startLine, fields: this.#fields });
    this.#recordChars = 0;
    this.#fields = [];
    this.#field = '';
    this.#wasQuoted = false;
    this.#row++;
    this.#startLine = this.#line;
  }

  /** Scans `s`; unless `final`, a last character whose meaning hangs on the next one is carried. */
  #scan(s: string, final: boolean): void {
    let i = 0;
    const n = s.length;
    while (i < n) {
      if (this.#quoted) {
        const q = s.indexOf('"', i);
        const stop = q < 0 ? n : q;
        this.#countLines(s, i, stop);
        this.#add(s.slice(i, stop));
        if (q < 0) return;
        if (q + 1 >= n && !final) {
          this.#carry = '"';
          return;
        }
        if (s[q + 1] === '"') {
          this.#add('"');
          i = q + 2;
        } else {
          this.#quoted = false;
          i = q + 1;
        }
        continue;
      }
      this.#special.lastIndex = i;
      const m = this.#special.exec(s);
      const at = m === null ? n : m.index;
      if (at > i) this.#add(s.slice(i, at));
      if (m === null) return;
      const c = s[at];
      i = at + 1;
      if (c === '"') {
        if (this.#field === '' && !this.#wasQuoted) {
          this.#quoted = true;
          this.#wasQuoted = true;
        } else this.#add('"');
      } else if (c === this.#delimiter) {
        this.#endField();
        this.#wasQuoted = false;
      } else {
        if (c === '\r') {
          if (i >= n && !final) {
            this.#carry = '\r';
            return;
          }
          if (s[i] === '\n') i++;
        }
        this.#line++;
        this.#endRecord();
      }
    }
  }

  #countLines(s: string, from: number, to: number): void {
    for (let k = s.indexOf('\n', from); k >= 0 && k < to; k = s.indexOf('\n', k + 1)) this.#line++;
  }
}

/** The delimiter that splits the first line most: comma, semicolon (European Excel) or tab. */
export function guessDelimiter(text: string): CsvDelimiter {
  const end = text.search(/\r|\n/);
  const first = text.slice(0, end < 0 ? Math.min(text.length, 4096) : Math.min(end, 4096));
  const count = (d: string): number => first.split(d).length;
  const candidates: CsvDelimiter[] = [',', ';', '\t'];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

// A cell a spreadsheet would run as a formula: =, +, -, @, tab or CR first (after any quote
// marks, so the guard itself round-trips). Plain numbers are left alone: -3 is data.
const formulaStart = /^'*[=+\-@\t\r]/;
const plainNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell's text made inert for spreadsheets: a leading `'` before what would start a formula. */
export function inertCell(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

/** Undoes `inertCell` on a cell read back, so an export imports unchanged. */
export function restoreCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/**
 * One CSV field (RFC 4180), formula-inert: quoted when it holds a quote, a comma, a line break,
 * or anything `alsoQuote` matches. Every CSV sousveil writes goes through here.
 */
export function csvCell(text: string, alsoQuote?: RegExp): string {
  const s = inertCell(text);
  return /[",\r\n]/.test(s) || alsoQuote?.test(s) === true ? `"${s.replaceAll('"', '""')}"` : s;
}
