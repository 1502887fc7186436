// Citations: every [n] links to entry n of the page's numbered source list, which is on the same
// page; each entry gives title, publisher, date, the canonical address and the copy it was read
// from. "Cite this" gives a page's or a figure's sources as plain text or CSL-JSON.
import { external, h } from '../dom.js';
import type { Cites, SourceEntry } from '../types.js';

/** Citation marks for these source numbers, each a link to its entry in the list below. */
export function cite(numbers: Cites): Node {
  if (numbers.length === 0) return document.createTextNode('');
  return h(
    'span',
    { class: 'cite' },
    numbers.map((n) => h('a', { href: `#src-${n}`, 'aria-label': `source ${n}` }, `[${n}]`)),
  );
}

/** The page's numbered source list. */
export function sourceList(sources: readonly SourceEntry[]): Node {
  if (sources.length === 0) return h('p', { class: 'muted' }, 'No sources cited on this page.');
  return h(
    'section',
    { 'aria-labelledby': 'sources-h' },
    h('h2', { id: 'sources-h' }, 'Sources'),
    h(
      'ol',
      { class: 'sources' },
      sources.map((s) =>
        h(
          'li',
          { id: `src-${s.n}`, value: s.n, tabindex: -1 },
          external(s.url, s.title),
          ` — ${s.publisher}${s.publisher ? ', ' : ''}${s.dateText}`,
          s.readAt !== undefined
            ? h('span', { class: 'muted' }, ' (read at ', external(s.readAt, 'a copy'), ')')
            : '',
        ),
      ),
    ),
  );
}

const cslTypes: Record<string, string> = {
  law: 'legislation',
  regulation: 'legislation',
  government: 'report',
  court: 'legal_case',
  news: 'article-newspaper',
  research: 'report',
  dataset: 'dataset',
  code: 'software',
  forum: 'post',
  article: 'article',
};

/** A source as a CSL-JSON item (Zotero, Pandoc and citeproc read it). */
export function toCsl(s: SourceEntry): Record<string, unknown> {
  const parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s.date);
  return {
    id: s.id,
    type: cslTypes[s.kind] ?? 'webpage',
    title: s.title,
    ...(s.kind === 'news' ? { 'container-title': s.publisher } : { publisher: s.publisher }),
    ...(s.url !== undefined ? { URL: s.url } : {}),
    ...(parts !== null
      ? {
          issued: {
            'date-parts': [
              parts
                .slice(1)
                .filter((x): x is string => typeof x === 'string')
                .map(Number),
            ],
          },
        }
      : {}),
  };
}

/** Plain text of sources: one line each. */
export function plainCitations(sources: readonly SourceEntry[]): string {
  return sources
    .map(
      (s) =>
        `${s.publisher}, "${s.title}" (${s.dateText}).${s.url !== undefined ? ` ${s.url}` : ''}`,
    )
    .join('\n');
}

function blobLink(text: string, type: string, name: string, label: string): HTMLElement {
  const a = h('a', { download: name }, label) as HTMLAnchorElement;
  a.href = URL.createObjectURL(new Blob([text], { type }));
  return a;
}

/** "Cite this": the given sources (or a figure's) as plain text to copy and as CSL-JSON to download. */
export function citeThis(what: string, sources: readonly SourceEntry[], file: string): Node {
  if (sources.length === 0) return document.createTextNode('');
  const text = `${what}\n${plainCitations(sources)}`;
  return h(
    'details',
    { class: 'cite-this' },
    h('summary', {}, 'Cite this'),
    h(
      'textarea',
      {
        readonly: true,
        rows: Math.min(8, sources.length + 1),
        'aria-label': `Citation of ${what}`,
      },
      text,
    ),
    h(
      'p',
      {},
      blobLink(text, 'text/plain', `${file}.txt`, 'Plain text'),
      ' · ',
      blobLink(
        JSON.stringify(sources.map(toCsl), null, 2),
        'application/json',
        `${file}.csl.json`,
        'CSL-JSON',
      ),
    ),
  );
}

/** The entries a list of citation numbers points to. */
export function entriesOf(all: readonly SourceEntry[], numbers: Cites): SourceEntry[] {
  return all.filter((s) => numbers.includes(s.n));
}
