// Search across the atlas and the kb, from the store's full-text index. The index is rebuilt when
// the atlas it was built from changes (a CLI import into the same database, say).
import { createHash } from 'node:crypto';
import { searchDocuments } from '../atlas/views/search-docs.js';
import type { Atlas } from '../atlas/schema.js';
import { SearchAnswer, type SearchType } from '../contract/index.js';
import { HttpError } from '../shared/errors.js';
import type { StoreArea } from '../store/index.js';
import { route, type ApiContext, type Route } from './api-types.js';

const fromAtlasAndIndex: readonly StoreArea[] = ['records', 'search'];

const built = new WeakMap<Atlas, Promise<void>>();

/** Makes the store's index hold this atlas and kb, rebuilding it only when they changed. */
export function ensureSearchIndex(ctx: ApiContext, atlas: Atlas): Promise<void> {
  let pending = built.get(atlas);
  if (pending === undefined) {
    pending = (async () => {
      const docs = searchDocuments(atlas, ctx.kb);
      const version = createHash('sha256').update(JSON.stringify(docs)).digest('hex');
      if ((await ctx.store.search.version()) !== version)
        await ctx.store.search.replace(docs, version);
    })();
    built.set(atlas, pending);
    pending.catch(() => built.delete(atlas));
  }
  return pending;
}

export const searchRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/search',
    reads: fromAtlasAndIndex,
    summary:
      'Search countries, projects, organisations, vendors, claims, sources and restrictions (prefixes, accents folded)',
    params: [
      { name: 'q', in: 'query', description: 'words to find', required: true },
      { name: 'limit', in: 'query', description: 'at most this many results (1-100, default 50)' },
    ],
    response: SearchAnswer,
    handler: async (ctx, req) => {
      const q = (req.query.get('q') ?? '').trim();
      if (q === '') throw new HttpError(400, 'q: give words to search for');
      if (q.length > 200) throw new HttpError(400, 'q: longer than 200 characters');
      const raw = req.query.get('limit');
      const limit = raw === null ? 50 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw new HttpError(400, `limit: "${String(raw)}" is not a whole number from 1 to 100`);
      await ensureSearchIndex(ctx, await ctx.atlas());
      const hits = await ctx.store.search.query(q, limit);
      return {
        query: q,
        results: hits.map((h) => ({
          type: h.type as SearchType,
          id: h.id,
          title: h.title,
          url: h.url,
          ...(h.snippet !== '' ? { snippet: h.snippet } : {}),
        })),
      };
    },
  }),
];
