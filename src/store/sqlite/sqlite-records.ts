import type { RecordRepository, StoredRecord } from '../store.js';
import type { SqliteConn } from './sqlite-lock.js';
import { storedRecordOf, type RecordRow } from '../rows.js';

/** Sourced records (atlas entities and claims) as JSON documents in SQLite. */
export class SqliteRecords implements RecordRepository {
  constructor(private readonly c: SqliteConn) {}

  async put(records: readonly StoredRecord[]): Promise<void> {
    const upsert = this.c.db.prepare(
      'INSERT OR REPLACE INTO records (kind, id, data_json, sources_json) VALUES (?, ?, ?, ?)',
    );
    const rows = records.map((r) => [
      r.kind,
      r.id,
      JSON.stringify(r.data),
      JSON.stringify(r.sources),
    ]);
    await this.c.write('records', () => {
      for (const row of rows) upsert.run(...row);
    });
  }

  async get(kind: string, id: string): Promise<StoredRecord | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db.prepare('SELECT * FROM records WHERE kind = ? AND id = ?').get(kind, id) as
          RecordRow | undefined,
    );
    return row ? storedRecordOf(row) : undefined;
  }

  async list(
    kind: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<StoredRecord[]> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare('SELECT * FROM records WHERE kind = ? ORDER BY id LIMIT ? OFFSET ?')
          .all(kind, options.limit ?? -1, options.offset ?? 0) as RecordRow[],
    );
    return rows.map(storedRecordOf);
  }

  async count(kind?: string): Promise<number> {
    const sql =
      kind === undefined
        ? 'SELECT count(*) FROM records'
        : 'SELECT count(*) FROM records WHERE kind = ?';
    return this.c.read(() => {
      const stmt = this.c.db.prepare(sql).pluck();
      return (kind === undefined ? stmt.get() : stmt.get(kind)) as number;
    });
  }

  async delete(kind: string, id: string): Promise<boolean> {
    return this.c.write(
      'records',
      () =>
        this.c.db.prepare('DELETE FROM records WHERE kind = ? AND id = ?').run(kind, id).changes >
        0,
    );
  }
}
