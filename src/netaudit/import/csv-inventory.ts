// CSV asset inventories -> what their owner claims about each host. Column names come from the
// user or are guessed from common headers; bad rows are reported as values and skipped.
import { ParseError, type Result } from '../../shared/errors.js';
import type { HostObservations, Observation } from '../observation.js';
import { normalizeDnsName, normalizeIp, normalizeMac } from './address.js';
import { CsvReader, guessDelimiter, type CsvDelimiter, type CsvRecord } from '../../shared/csv.js';
import { HostTable, SkipList, type ImportResult } from './result.js';

const source = 'csv-inventory';
const fields = ['address', 'mac', 'hostname', 'maker', 'model', 'firmware'] as const;
type Field = (typeof fields)[number];

/** Which column (by header name) holds which fact. */
export type ColumnMapping = Partial<Record<Field, string>>;

/** Why one cell made its row unusable; `row` counts the header as row 1, like a spreadsheet. */
export interface RowIssue {
  row: number;
  column: string;
  reason: string;
}

export interface InventoryResult extends ImportResult {
  /** Every data row: its host, or what is wrong with it. */
  rows: Result<HostObservations, RowIssue>[];
}

/** Header names tried for each fact when the user names none, compared without case or punctuation. */
const guesses: Record<Field, string[]> = {
  address: ['ip', 'ipaddress', 'ipv4', 'ipv4address', 'ipaddr', 'address', 'ipv6', 'ipv6address'],
  mac: ['mac', 'macaddress', 'macaddr', 'hwaddress', 'physicaladdress', 'ethernet'],
  hostname: ['hostname', 'name', 'host', 'devicename', 'dnsname', 'fqdn'],
  maker: ['manufacturer', 'vendor', 'make', 'maker', 'brand'],
  model: ['model', 'modelnumber', 'modelname', 'devicemodel'],
  firmware: ['firmware', 'firmwareversion', 'version', 'fw', 'fwversion', 'softwareversion'],
};

/** Longest maker, model or firmware value accepted. */
export const maxCellChars = 256;

/** Parses a CSV inventory; throws ParseError only when the header cannot be mapped. */
export function parseCsvInventory(
  text: string,
  options: { mapping?: ColumnMapping; delimiter?: CsvDelimiter } = {},
): InventoryResult {
  const reader = new CsvInventoryReader(options);
  const table = new HostTable();
  const rows: InventoryResult['rows'] = [];
  const take = (results: InventoryResult['rows']): void => {
    for (const r of results) {
      rows.push(r);
      if (r.ok) table.add(r.value.address, ...r.value.observations);
    }
  };
  take(reader.push(text));
  take(reader.end());
  return { hosts: table.toArray(), skipped: reader.skipped.toArray(), rows };
}

/**
 * A CSV inventory read piece by piece (a file streamed in chunks): `push` text, take the rows it
 * completed (a host, or what is wrong with the row); bad rows are also noted in `skipped`. The
 * header is the first record; its columns are mapped when it arrives.
 */
export class CsvInventoryReader {
  readonly skipped = new SkipList();
  readonly #options: { mapping?: ColumnMapping; delimiter?: CsvDelimiter };
  #csv: CsvReader | undefined;
  #header: string[] | undefined;
  #columns: Partial<Record<Field, number>> = {};

  constructor(options: { mapping?: ColumnMapping; delimiter?: CsvDelimiter } = {}) {
    this.#options = options;
  }

  /** Reads the next piece of text; returns the data rows it completed. */
  push(text: string): Array<Result<HostObservations, RowIssue>> {
    this.#csv ??= new CsvReader(this.#options.delimiter ?? guessDelimiter(text));
    return this.#rows(this.#csv.push(text));
  }

  /** Ends the text: its last row, and a quoted field that never closed as a skipped row. */
  end(): Array<Result<HostObservations, RowIssue>> {
    if (this.#csv === undefined) return [];
    const { records, problems } = this.#csv.end();
    const rows = this.#rows(records);
    for (const p of problems) this.skipped.add(`row ${p.row}`, p.reason);
    return rows;
  }

  #rows(records: readonly CsvRecord[]): Array<Result<HostObservations, RowIssue>> {
    const out: Array<Result<HostObservations, RowIssue>> = [];
    for (const record of records) {
      if (this.#header === undefined) {
        this.#columns = resolveColumns(record.fields, this.#options.mapping ?? {});
        this.#header = record.fields;
        continue;
      }
      if (record.fields.every((f) => f.trim() === '')) continue;
      const result = readRow(record.fields, this.#columns, this.#header, record.row);
      out.push(result);
      if (!result.ok)
        for (const i of result.issues)
          this.skipped.add(`row ${i.row}, column ${i.column}`, i.reason);
    }
    return out;
  }
}

/** Column index per fact, from the user's mapping or by guessing; ParseError when unusable. */
export function resolveColumns(
  header: readonly string[],
  mapping: ColumnMapping,
): Partial<Record<Field, number>> {
  const normal = header.map(normalizeHeader);
  const out: Partial<Record<Field, number>> = {};
  for (const f of fields) {
    const wanted = mapping[f];
    if (wanted !== undefined) {
      const at = normal.indexOf(normalizeHeader(wanted));
      if (at < 0) {
        const known = header.map((h) => JSON.stringify(h.slice(0, 40))).join(', ');
        throw new ParseError(
          source,
          `no column named ${JSON.stringify(wanted)} (columns: ${known})`,
          'row 1',
        );
      }
      out[f] = at;
      continue;
    }
    const at = guesses[f].map((g) => normal.indexOf(g)).find((i) => i >= 0 && !taken(out, i));
    if (at !== undefined) out[f] = at;
  }
  if (out.address === undefined && out.hostname === undefined)
    throw new ParseError(source, 'no address or hostname column; name one in the mapping', 'row 1');
  return out;
}

function taken(columns: Partial<Record<Field, number>>, index: number): boolean {
  return Object.values(columns).includes(index);
}

function normalizeHeader(name: string): string {
  return name.toLowerCase().replaceAll(/[^a-z0-9]/g, '');
}

function readRow(
  cells: readonly string[],
  columns: Partial<Record<Field, number>>,
  header: readonly string[],
  row: number,
): Result<HostObservations, RowIssue> {
  const issues: RowIssue[] = [];
  const cell = (f: Field): string =>
    columns[f] === undefined ? '' : (cells[columns[f]] ?? '').trim();
  const issue = (f: Field, reason: string): void => {
    issues.push({ row, column: header[columns[f] ?? -1]?.slice(0, 40) ?? f, reason });
  };
  const observations: Observation[] = [];
  const hostname = cell('hostname');
  if (hostname !== '') {
    // eslint-disable-next-line no-control-regex
    if (hostname.length > 253 || /[\u0000-\u001f]/.test(hostname))
      issue('hostname', 'not a host name');
    else observations.push({ kind: 'hostname', source, name: hostname });
  }
  const address = rowAddress(cell('address'), hostname);
  if (address === undefined)
    issue(
      cell('address') === '' ? 'hostname' : 'address',
      cell('address') === ''
        ? 'no address and no usable host name'
        : 'not an IP address or host name',
    );
  const macText = cell('mac');
  const mac = macText === '' ? undefined : normalizeMac(macText);
  if (macText !== '' && mac === undefined) issue('mac', 'not a unicast MAC address');
  if (mac !== undefined) observations.push({ kind: 'mac', source, mac });
  const claim: { maker?: string; model?: string; firmware?: string } = {};
  for (const f of ['maker', 'model', 'firmware'] as const) {
    const v = cell(f);
    if (v.length > maxCellChars) issue(f, `longer than ${maxCellChars} characters`);
    else if (v !== '') claim[f] = v;
  }
  if (Object.keys(claim).length > 0) observations.unshift({ kind: 'inventory', source, ...claim });
  if (issues.length > 0 || address === undefined) return { ok: false, issues };
  return { ok: true, value: { address, observations } };
}

function rowAddress(address: string, hostname: string): string | undefined {
  if (address !== '') return normalizeIp(address) ?? normalizeDnsName(address);
  return hostname === '' ? undefined : normalizeDnsName(hostname);
}
