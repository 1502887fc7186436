import type Database from 'better-sqlite3';
import type { RecordRepository, StoredRecord } from '../store.js';
import type { Gate } from './sqlite-store.js';

interface RecordRow {
  kind: string;
  id: string;
  data_json: string;
  sources_json: string;
}

/** Sourced records (atlas entities and claims) as JSON documents in SQLite. */
export class SqliteRecords implements RecordRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly gate: Gate,
  ) {}

  async put(records: readonly StoredRecord[]): Promise<void> {
    await this.gate();
    const upsert = this.db.prepare(
      'INSERT OR REPLACE INTO records (kind, id, data_json, sources_json) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const r of records)
        upsert.run(r.kind, r.id, JSON.stringify(r.data), JSON.stringify(r.sources));
    })();
  }

  async get(kind: string, id: string): Promise<StoredRecord | undefined> {
    await this.gate();
    const row = this.db.prepare('SELECT * FROM records WHERE kind = ? AND id = ?').get(kind, id) as
      RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  async list(
    kind: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<StoredRecord[]> {
    await this.gate();
    const rows = this.db
      .prepare('SELECT * FROM records WHERE kind = ? ORDER BY id LIMIT ? OFFSET ?')
      .all(kind, options.limit ?? -1, options.offset ?? 0) as RecordRow[];
    return rows.map(toRecord);
  }

  async count(kind?: string): Promise<number> {
    await this.gate();
    const sql =
      kind === undefined
        ? 'SELECT count(*) FROM records'
        : 'SELECT count(*) FROM records WHERE kind = ?';
    const stmt = this.db.prepare(sql).pluck();
    return (kind === undefined ? stmt.get() : stmt.get(kind)) as number;
  }

  async delete(kind: string, id: string): Promise<boolean> {
    await this.gate();
    return (
      this.db.prepare('DELETE FROM records WHERE kind = ? AND id = ?').run(kind, id).changes > 0
    );
  }
}

function toRecord(r: RecordRow): StoredRecord {
  return {
    kind: r.kind,
    id: r.id,
    data: JSON.parse(r.data_json) as unknown,
    sources: JSON.parse(r.sources_json) as string[],
  };
}
