// Search across the atlas and the kb (pure, zod).
import { z } from 'zod';

export const SearchType = z.enum([
  'country',
  'project',
  'organisation',
  'vendor',
  'claim',
  'source',
  'restriction',
]);
export type SearchType = z.infer<typeof SearchType>;

export const SearchResult = z.object({
  type: SearchType,
  id: z.string(),
  title: z.string(),
  /** The page that shows it, as a path of the observatory (`/projects/ecu-911`). */
  url: z.string(),
  /** A short line of context. */
  snippet: z.string().exactOptional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchAnswer = z.object({ query: z.string(), results: z.array(SearchResult) });
export type SearchAnswer = z.infer<typeof SearchAnswer>;
