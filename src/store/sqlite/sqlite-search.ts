import type { SearchDoc, SearchHit, SearchRepository } from '../store.js';
import type { SqliteConn } from './sqlite-lock.js';

/**
 * The search index in SQLite's FTS5: accents folded by the `unicode61 remove_diacritics 2`
 * tokenizer, every term of a query matched as a prefix, titles weighed over bodies.
 */
export class SqliteSearch implements SearchRepository {
  constructor(private readonly c: SqliteConn) {}

  async replace(docs: readonly SearchDoc[], version: string): Promise<void> {
    const db = this.c.db;
    const insert = db.prepare(
      'INSERT INTO search_index (type, id, url, title, body) VALUES (?, ?, ?, ?, ?)',
    );
    await this.c.write('search', () => {
      db.prepare('DELETE FROM search_index').run();
      for (const d of docs) insert.run(d.type, d.id, d.url, d.title, d.body);
      db.prepare(
        "INSERT INTO search_state (key, value) VALUES ('version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(version);
    });
  }

  async version(): Promise<string | undefined> {
    return this.c.read(
      () =>
        this.c.db.prepare("SELECT value FROM search_state WHERE key = 'version'").pluck().get() as
          string | undefined,
    );
  }

  async query(text: string, limit: number): Promise<SearchHit[]> {
    const match = ftsQuery(text);
    if (match === undefined) return [];
    return this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT type, id, url, title, snippet(search_index, 4, '', '', '…', 12) AS snippet
             FROM search_index WHERE search_index MATCH ?
             ORDER BY bm25(search_index, 0, 0, 0, 8, 1) LIMIT ?`,
          )
          .all(match, limit) as SearchHit[],
    );
  }
}

/** A user's words as an FTS5 query: each word quoted (no operators get through) and matched as a prefix. */
export function ftsQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' AND ');
}
