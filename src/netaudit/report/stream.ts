// Reports of any size, written piece by piece (pure): what a report needs before its rows
// (counts, column widths, restriction counts) is tallied as verdicts are made, then hosts are
// taken one by one in report order. The text is the same as the whole-list formatters give.
import type { HostVerdict } from '../fuse.js';
import { csvHeader, hostCsvLine } from './csv.js';
import { countRestrictions, deviceHtml, htmlReport, type HtmlReportMeta } from './html.js';
import {
  maxColumnWidth,
  noteLines,
  tableCells,
  tableHead,
  tableLine,
  type summarize,
} from './table.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'html';

/** A tally's counts as plain data (what crosses to and from a worker thread). */
export type TallyFields = Pick<
  HostTally,
  'hosts' | 'identified' | 'covered' | 'vulnerable' | 'byMaker' | 'byRestriction' | 'widths'
>;

/** Counts and widths over verdicts seen one at a time. */
export class HostTally {
  hosts = 0;
  identified = 0;
  covered = 0;
  vulnerable = 0;
  readonly byMaker: Record<string, number> = {};
  readonly byRestriction = new Map<string, number>();
  readonly widths: number[] = tableHead.map((h) => Math.min(maxColumnWidth, h.length));

  /** Counts one verdict. */
  add(h: HostVerdict): void {
    this.hosts++;
    if (h.maker !== undefined) {
      this.identified++;
      this.byMaker[h.maker] = (this.byMaker[h.maker] ?? 0) + 1;
    }
    if (h.covered) this.covered++;
    if (h.advisories.length > 0) this.vulnerable++;
    countRestrictions(this.byRestriction, h);
    tableCells(h).forEach((c, i) => {
      this.widths[i] = Math.min(maxColumnWidth, Math.max(this.widths[i] ?? 0, c.length));
    });
  }

  /** Adds the counts of another tally (or its fields, as a worker thread sends them). */
  merge(other: TallyFields): void {
    this.hosts += other.hosts;
    this.identified += other.identified;
    this.covered += other.covered;
    this.vulnerable += other.vulnerable;
    for (const [maker, n] of Object.entries(other.byMaker))
      this.byMaker[maker] = (this.byMaker[maker] ?? 0) + n;
    for (const [k, n] of other.byRestriction)
      this.byRestriction.set(k, (this.byRestriction.get(k) ?? 0) + n);
    other.widths.forEach((w, i) => {
      this.widths[i] = Math.max(this.widths[i] ?? 0, w);
    });
  }

  /** The counts as `summarize` gives them. */
  summary(): ReturnType<typeof summarize> {
    return {
      hosts: this.hosts,
      identified: this.identified,
      covered: this.covered,
      vulnerable: this.vulnerable,
      byMaker: { ...this.byMaker },
    };
  }
}

/**
 * One host's part of a report, made as its verdict is made so the verdict need not be kept:
 * `piece` is its row (table cells as JSON, a CSV line, its pretty JSON, or its HTML section with
 * the sources it cites); `notes` its note lines under a table. Undefined: the report omits it.
 */
export interface HostPiece {
  piece: string;
  notes?: string;
}

/** A host's piece for a report in `format`. */
export function hostPiece(format: ReportFormat, h: HostVerdict): HostPiece | undefined {
  switch (format) {
    case 'json':
      return { piece: JSON.stringify(h, null, 2).replaceAll('\n', '\n    ') };
    case 'csv':
      return { piece: hostCsvLine(h) };
    case 'html': {
      if (h.maker === undefined) return undefined;
      const cited = new Set<string>();
      return { piece: JSON.stringify([deviceHtml(h, cited), [...cited]]) };
    }
    case 'table': {
      const notes = noteLines(h);
      return {
        piece: JSON.stringify(tableCells(h)),
        ...(notes.length > 0 ? { notes: notes.join('\n') } : {}),
      };
    }
  }
}

/** The pieces of a report's hosts, each time taken afresh. */
export interface ReportPieces {
  /** In the order the verdicts were made (the JSON list). */
  made(): Iterable<string>;
  /** Covered first, then identified, then by address (`sortHosts`). */
  sorted(): Iterable<string>;
  /** Note lines, hosts in report order. */
  notes(): Iterable<string>;
}

/**
 * A report as pieces of text, the same text the whole-list formatters give: `json` is `{ ...head,
 * summary, hosts }` (hosts as made) as `JSON.stringify(…, null, 2)` prints it; `table`, `csv`
 * and `html` list hosts in report order; `html` needs `meta`.
 */
export function* hostReport(
  format: ReportFormat,
  tally: HostTally,
  pieces: ReportPieces,
  options: { head?: Record<string, unknown>; meta?: HtmlReportMeta } = {},
): Generator<string> {
  if (format === 'json') {
    yield* jsonObject({ ...options.head, summary: tally.summary() }, 'hosts', pieces.made(), true);
  } else if (format === 'csv') {
    yield `${csvHeader}\r\n`;
    for (const p of pieces.sorted()) yield `${p}\r\n`;
  } else if (format === 'html') {
    if (options.meta === undefined) throw new TypeError('an HTML report needs its meta');
    yield* htmlReport(tally.summary(), tally.byRestriction, devices(pieces.sorted()), options.meta);
  } else {
    yield `${tableLine(tableHead, tally.widths)}\n`;
    for (const p of pieces.sorted())
      yield `${tableLine(JSON.parse(p) as string[], tally.widths)}\n`;
    let first = true;
    for (const lines of pieces.notes()) {
      if (first) yield '\nNotes:\n';
      first = false;
      yield `${lines}\n`;
    }
  }
}

function* devices(pieces: Iterable<string>): Generator<{ html: string; sources: string[] }> {
  for (const p of pieces) {
    const [html, sources] = JSON.parse(p) as [string, string[]];
    yield { html, sources };
  }
}

/**
 * `JSON.stringify({ ...head, [key]: [...items] }, null, 2)` and a line end, in pieces: one item
 * at a time, so the list never has to be held.
 */
export function* jsonObject(
  head: Record<string, unknown>,
  key: string,
  items: Iterable<unknown>,
  /** The items are already JSON, pretty and indented for their place. */
  asJson = false,
): Generator<string> {
  const indent = (json: string, by: string): string => json.replaceAll('\n', `\n${by}`);
  yield '{\n';
  for (const [k, v] of Object.entries(head)) {
    const json = JSON.stringify(v, null, 2) as string | undefined;
    if (json !== undefined) yield `  ${JSON.stringify(k)}: ${indent(json, '  ')},\n`;
  }
  yield `  ${JSON.stringify(key)}: [`;
  let first = true;
  for (const item of items) {
    const json = asJson ? String(item) : indent(JSON.stringify(item, null, 2), '    ');
    yield `${first ? '' : ','}\n    ${json}`;
    first = false;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}
