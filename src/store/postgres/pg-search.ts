// The search index in PostgreSQL: accents folded with unaccent, words kept as written ('simple'
// configuration), every word of a query matched as a prefix, titles weighed over bodies.
import type { SearchDoc, SearchHit, SearchRepository } from '../store.js';
import type { PgConn } from './pg-conn.js';

/** Documents per INSERT statement (5 parameters each). */
const perStatement = 2000;

/** The search index in PostgreSQL. */
export class PgSearch implements SearchRepository {
  constructor(private readonly c: PgConn) {}

  async replace(docs: readonly SearchDoc[], version: string): Promise<void> {
    await this.c.write('search', async (c) => {
      await c.query('DELETE FROM search_index');
      for (let i = 0; i < docs.length; i += perStatement) {
        const params: unknown[] = [];
        const values = docs.slice(i, i + perStatement).map((d) => {
          const at = params.length;
          params.push(d.type, d.id, d.url, d.title, d.body);
          const [type, id, url, title, body] = [1, 2, 3, 4, 5].map((k) => `$${String(at + k)}`);
          return `(${type}, ${id}, ${url}, ${title}, ${body}, setweight(to_tsvector('simple', unaccent(${title})), 'A') || setweight(to_tsvector('simple', unaccent(${body})), 'B'))`;
        });
        await c.query(
          `INSERT INTO search_index (type, id, url, title, body, words) VALUES ${values.join(', ')}`,
          params,
        );
      }
      await c.query(
        `INSERT INTO search_state (key, value) VALUES ('version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [version],
      );
    });
  }

  async version(): Promise<string | undefined> {
    const [row] = await this.c.query<{ value: string }>(
      "SELECT value FROM search_state WHERE key = 'version'",
    );
    return row?.value;
  }

  async query(text: string, limit: number): Promise<SearchHit[]> {
    const query = tsQuery(text);
    if (query === undefined) return [];
    return this.c.query<SearchHit>(
      `WITH q AS (SELECT to_tsquery('simple', unaccent($1)) AS q)
       SELECT type, id, url, title,
         ts_headline('simple', body, q.q, 'StartSel="", StopSel="", MaxWords=12, MinWords=4, FragmentDelimiter="…"') AS snippet
       FROM search_index, q WHERE words @@ q.q
       ORDER BY ts_rank('{0, 0, 0.125, 1}', words, q.q) DESC, n LIMIT $2`,
      [query, limit],
    );
  }
}

/** A user's words as a tsquery: letters and digits only (no operator gets through), each a prefix. */
export function tsQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return undefined;
  return words.map((w) => `${w}:*`).join(' & ');
}
