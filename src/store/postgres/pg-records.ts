// Sourced records (atlas entities and claims) as JSON documents in PostgreSQL.
import type { RecordRepository, StoredRecord } from '../store.js';
import type { PgConn } from './pg-conn.js';
import { storedRecordOf, type RecordRow } from '../rows.js';

/** Records per INSERT statement (4 parameters each). */
const perStatement = 2000;

/** Sourced records in PostgreSQL. */
export class PgRecords implements RecordRepository {
  constructor(private readonly c: PgConn) {}

  async put(records: readonly StoredRecord[]): Promise<void> {
    const unique = [...new Map(records.map((r) => [`${r.kind}\u0000${r.id}`, r])).values()];
    await this.c.write('records', async (c) => {
      for (let i = 0; i < unique.length; i += perStatement) {
        const params: unknown[] = [];
        const values = unique.slice(i, i + perStatement).map((r) => {
          const at = params.length;
          params.push(r.kind, r.id, JSON.stringify(r.data), JSON.stringify(r.sources));
          return `($${String(at + 1)}, $${String(at + 2)}, $${String(at + 3)}, $${String(at + 4)})`;
        });
        await c.query(
          `INSERT INTO records (kind, id, data_json, sources_json) VALUES ${values.join(', ')}
           ON CONFLICT (kind, id) DO UPDATE SET data_json = excluded.data_json, sources_json = excluded.sources_json`,
          params,
        );
      }
    });
  }

  async get(kind: string, id: string): Promise<StoredRecord | undefined> {
    const [row] = await this.c.query<RecordRow>(
      'SELECT * FROM records WHERE kind = $1 AND id = $2',
      [kind, id],
    );
    return row ? storedRecordOf(row) : undefined;
  }

  async list(
    kind: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<StoredRecord[]> {
    const rows = await this.c.query<RecordRow>(
      'SELECT * FROM records WHERE kind = $1 ORDER BY id LIMIT $2 OFFSET $3',
      [kind, options.limit ?? null, options.offset ?? 0],
    );
    return rows.map(storedRecordOf);
  }

  async count(kind?: string): Promise<number> {
    const [row] = await this.c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM records WHERE $1::text IS NULL OR kind = $1',
      [kind ?? null],
    );
    return row?.n ?? 0;
  }

  async delete(kind: string, id: string): Promise<boolean> {
    const rows = await this.c.write('records', (c) =>
      c.query('DELETE FROM records WHERE kind = $1 AND id = $2 RETURNING id', [kind, id]),
    );
    return rows.length > 0;
  }
}
