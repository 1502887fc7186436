// Figures with their sources: every claim of a property side by side, "sources disagree" only
// when the server says figures of one measure cannot all hold.
import { h, type Child } from '../dom.js';
import type { Figure, FigureClaim, SourceEntry } from '../types.js';
import { cite, citeThis, entriesOf } from './sources.js';

/** One claim as a line: the figure, its date and scope, status, citations, quote and note. */
export function claimLine(c: FigureClaim): Child[] {
  return [
    h('strong', {}, c.text),
    c.scope !== undefined ? ` in ${c.scope.name}` : '',
    c.asOfText !== undefined ? h('span', { class: 'muted' }, ` as of ${c.asOfText}`) : null,
    ' ',
    cite(c.cites),
    h('span', { class: 'meta' }, `${c.status}, ${c.confidence} confidence`),
    c.quote !== undefined ? h('q', {}, c.quote) : null,
    c.note !== undefined ? h('span', { class: 'note' }, c.note) : null,
  ];
}

/** Figures of a subject, each claim with its citations and a "cite this" per figure. */
export function figures(
  list: readonly Figure[],
  sources: readonly SourceEntry[],
  subject: string,
): Node {
  if (list.length === 0) return h('p', { class: 'muted' }, 'No figures recorded.');
  return h(
    'dl',
    { class: 'figures' },
    list.map((f) => [
      h(
        'dt',
        {},
        f.label,
        f.disagree ? h('span', { class: 'badge warn' }, 'sources disagree') : null,
      ),
      h(
        'dd',
        {},
        h(
          'ul',
          { class: f.claims.length > 1 ? 'side-by-side' : 'single' },
          f.claims.map((c) =>
            h('li', { class: `claim status-${c.status}`, id: `claim-${c.id}` }, claimLine(c)),
          ),
        ),
        citeThis(
          `${subject}: ${f.label}`,
          entriesOf(sources, [...new Set(f.claims.flatMap((c) => c.cites))]),
          `${subject}-${f.property}`.replace(/[^\w-]+/g, '-'),
        ),
      ),
    ]),
  );
}
