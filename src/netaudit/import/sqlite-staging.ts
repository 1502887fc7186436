// Scratch space for one `net import`, in a temporary SQLite file: observations are merged per
// address there (across rows and files) and verdicts sorted for the report, so memory holds one
// page of hosts at a time however many the files name. The file is deleted on close.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostPiece } from '../report/stream.js';
import type { HostObservations, Observation } from '../observation.js';
import { storeErrorOf } from '../../store/index.js';
import { HostTable } from './result.js';

/** Hosts read back per page. */
const pageSize = 2000;

/** The scratch database of one import; `close` deletes it. */
export class ImportStaging {
  readonly #dir: string;
  readonly #file: string;
  readonly #db: Database.Database;
  readonly #addHost: Database.Statement;
  readonly #hostSeq: Database.Statement;
  readonly #addObservations: Database.Statement;
  readonly #addPiece: Database.Statement;
  /** Observation rows added: their order within a host (files, then rows, as read). */
  #rows = 0;

  /** Opens a new scratch database in the system's temporary folder. */
  constructor(parent: string = tmpdir()) {
    this.#dir = mkdtempSync(join(parent, 'sousveil-import-'));
    this.#file = join(this.#dir, 'staging.db');
    this.#db = new Database(this.#file);
    this.#db.pragma('journal_mode = OFF');
    this.#db.pragma('synchronous = OFF');
    this.#db.exec(`
      CREATE TABLE hosts (seq INTEGER PRIMARY KEY, address TEXT NOT NULL UNIQUE);
      CREATE TABLE observations (host INTEGER NOT NULL, n INTEGER NOT NULL, file INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (host, n)) WITHOUT ROWID;
      CREATE TABLE pieces (sort_key TEXT NOT NULL, piece TEXT NOT NULL, notes TEXT);`);
    this.#addHost = this.#db.prepare('INSERT OR IGNORE INTO hosts (address) VALUES (?)');
    this.#hostSeq = this.#db.prepare('SELECT seq FROM hosts WHERE address = ?').pluck();
    this.#addObservations = this.#db.prepare(
      'INSERT INTO observations (host, n, file, json) VALUES (?, ?, ?, ?)',
    );
    this.#addPiece = this.#db.prepare(
      'INSERT INTO pieces (sort_key, piece, notes) VALUES (?, ?, ?)',
    );
  }

  /** Adds what file number `file` says about some hosts, in one transaction. */
  addHosts(file: number, hosts: readonly HostObservations[]): void {
    this.#guard(() =>
      this.#db.transaction(() => {
        for (const h of hosts) {
          // Most addresses are new: their seq is the row just added, with no look-up.
          const added = this.#addHost.run(h.address);
          const seq = added.changes === 1 ? added.lastInsertRowid : this.#hostSeq.get(h.address);
          this.#addObservations.run(seq, this.#rows++, file, JSON.stringify(h.observations));
        }
      })(),
    );
  }

  /** Runs `fn`; a full or failing disk under the scratch file is one StoreError naming it. */
  #guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw storeErrorOf(`${this.#file} (the import's scratch file; TMPDIR moves it)`, e);
    }
  }

  /** How many addresses file number `file` named. */
  hostCount(file: number): number {
    return this.#db
      .prepare('SELECT count(DISTINCT host) FROM observations WHERE file = ?')
      .pluck()
      .get(file) as number;
  }

  /** How many addresses all files named. */
  get size(): number {
    return this.#db.prepare('SELECT count(*) FROM hosts').pluck().get() as number;
  }

  /** Every address with its observations merged, first seen first, a page at a time. */
  *hostPages(): Generator<HostObservations[]> {
    for (const page of this.stagedPages()) yield mergeStaged(page);
  }

  /** Every address with its staged rows as stored (JSON text), first seen first, by page. */
  *stagedPages(): Generator<StagedPage> {
    const addresses = this.#db.prepare('SELECT seq, address FROM hosts WHERE seq BETWEEN ? AND ?');
    const observations = this.#db.prepare(
      'SELECT host AS seq, file, json FROM observations WHERE host BETWEEN ? AND ? ORDER BY host, n',
    );
    const last = this.#db.prepare('SELECT max(seq) FROM hosts').pluck().get() as number | null;
    for (let from = 1; from <= (last ?? 0); from += pageSize) {
      const to = from + pageSize - 1;
      yield {
        addresses: addresses.all(from, to) as StagedPage['addresses'],
        rows: observations.all(from, to) as StagedRow[],
      };
    }
  }

  /** Keeps hosts' report pieces, each with its host's place in report order. */
  addPieces(pieces: ReadonlyArray<HostPiece & { sortKey: string }>): void {
    this.#guard(() =>
      this.#db.transaction(() => {
        for (const p of pieces) this.#addPiece.run(p.sortKey, p.piece, p.notes ?? null);
      })(),
    );
  }

  /** The report pieces as made, or in report order; or the note lines, in report order. */
  *pieces(order: 'made' | 'sorted' | 'notes'): Generator<string> {
    const sql =
      order === 'made'
        ? 'SELECT piece FROM pieces ORDER BY rowid'
        : order === 'sorted'
          ? 'SELECT piece FROM pieces ORDER BY sort_key'
          : 'SELECT notes FROM pieces WHERE notes IS NOT NULL ORDER BY sort_key';
    yield* this.#db.prepare(sql).pluck().iterate() as IterableIterator<string>;
  }

  /** Closes and deletes the scratch database. */
  close(): void {
    if (this.#db.open) this.#db.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** One staged row: what file number `file` says of host `seq`, as JSON. */
export interface StagedRow {
  seq: number;
  file: number;
  json: string;
}

/** A page of staged hosts as stored: plain data, cheap to hand to a worker thread. */
export interface StagedPage {
  addresses: Array<{ seq: number; address: string }>;
  rows: StagedRow[];
}

/** A staged page's hosts with their observations merged. */
export function mergeStaged(page: StagedPage): HostObservations[] {
  return mergeRows(page.rows, new Map(page.addresses.map((h) => [h.seq, h.address])));
}

/**
 * Staged rows joined per host: rows of one file merged as that file's import merges them (one
 * observation once, DNS query counts summed), files one after the other.
 */
function mergeRows(
  rows: readonly StagedRow[],
  addresses: ReadonlyMap<number, string>,
): HostObservations[] {
  const out: HostObservations[] = [];
  for (let i = 0; i < rows.length;) {
    const first = rows[i];
    if (first === undefined) break;
    const address = addresses.get(first.seq) ?? '';
    const observations: Observation[] = [];
    while (rows[i]?.seq === first.seq) {
      const file = rows[i]?.file;
      let j = i + 1;
      while (rows[j]?.seq === first.seq && rows[j]?.file === file) j++;
      if (j === i + 1) append(observations, JSON.parse(rows[i]?.json ?? '[]') as Observation[]);
      else {
        const table = new HostTable();
        for (let k = i; k < j; k++)
          for (const o of JSON.parse(rows[k]?.json ?? '[]') as Observation[]) table.add(address, o);
        for (const h of table.toArray()) append(observations, h.observations);
      }
      i = j;
    }
    out.push({ address, observations });
  }
  return out;
}

function append<T>(into: T[], items: readonly T[]): void {
  for (const x of items) into.push(x);
}
