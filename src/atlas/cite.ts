// Citations people can paste (pure): a source as CSL-JSON (what Zotero, Pandoc and citeproc read)
// and as one line of plain text, with dates only as precise as the source gives them.
import { dateText } from '../kb/source-book.js';
import type { AtlasSource } from './schema.js';

/** A CSL-JSON item (the subset sousveil fills). */
export interface CslItem {
  id: string;
  type: string;
  title: string;
  publisher?: string;
  'container-title'?: string;
  URL?: string;
  issued?: { 'date-parts': number[][] } | { literal: string };
  note?: string;
}

const cslTypes: Record<string, string> = {
  law: 'legislation',
  regulation: 'legislation',
  government: 'report',
  court: 'legal_case',
  news: 'article-newspaper',
  research: 'report',
  vendor: 'webpage',
  code: 'software',
  dataset: 'dataset',
  forum: 'post',
  article: 'article',
};

/** CSL `date-parts` from a partial date: `2019` -> [[2019]], `2019-10-09` -> [[2019, 10, 9]]. */
export function dateParts(date: string): number[] | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((x): x is string => x !== undefined).map(Number);
}

/** A source as a CSL-JSON item. */
export function toCsl(s: AtlasSource): CslItem {
  const parts = dateParts(s.date);
  const news = s.kind === 'news';
  return {
    id: s.id,
    type: cslTypes[s.kind] ?? 'webpage',
    title: s.title,
    ...(news ? { 'container-title': s.publisher } : { publisher: s.publisher }),
    ...(s.url !== undefined ? { URL: s.url } : {}),
    ...(parts !== undefined ? { issued: { 'date-parts': [parts] } } : {}),
    ...(s.archived !== undefined ? { note: `Read from ${s.archived}` } : {}),
  };
}

/** A partial date in words, as precise as it is: `2019`, `March 2021`, `13 August 2019`. */
export const dateWords = dateText;

/** One line of plain text: publisher, "title" (date), URL. */
export function citeText(s: AtlasSource): string {
  const url = s.url === undefined ? '' : ` ${s.url}`;
  const copy = s.archived === undefined ? '' : ` (read from ${s.archived})`;
  return `${s.publisher}, "${s.title}" (${dateWords(s.date)}).${url}${copy}`;
}
