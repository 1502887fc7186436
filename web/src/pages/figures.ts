// Figures with their sources, disagreeing claims side by side, and the numbered source list.
import { external, h } from '../dom.js';
import type { Figure, SourceView } from '../types.js';

export function cite(numbers: number[]): Node {
  return h(
    'span',
    { class: 'cite' },
    numbers.map((n) =>
      h('a', { href: `#src-${n}`, 'aria-label': `source ${n}`, onclick: jump(n) }, `[${n}]`),
    ),
  );
}

function jump(n: number): (e: Event) => void {
  return (e) => {
    e.preventDefault();
    const target = document.getElementById(`src-${n}`);
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  };
}

export function figures(list: Figure[]): Node {
  if (list.length === 0) return h('p', { class: 'muted' }, 'No figures recorded.');
  return h(
    'dl',
    { class: 'figures' },
    list.map((f) => [
      h(
        'dt',
        {},
        f.label,
        f.disagree && f.claims.length > 1
          ? h('span', { class: 'badge warn' }, 'sources disagree')
          : null,
      ),
      h(
        'dd',
        {},
        h(
          'ul',
          { class: f.claims.length > 1 ? 'side-by-side' : 'single' },
          f.claims.map((c) =>
            h(
              'li',
              { class: `claim status-${c.status}` },
              h('strong', {}, c.text),
              c.asOf !== undefined ? h('span', { class: 'muted' }, ` as of ${c.asOf}`) : null,
              ' ',
              cite(c.sources),
              h('span', { class: 'meta' }, `${c.status}, ${c.confidence} confidence`),
              c.quote !== undefined ? h('q', {}, c.quote) : null,
              c.note !== undefined ? h('span', { class: 'note' }, c.note) : null,
            ),
          ),
        ),
      ),
    ]),
  );
}

export function sourceList(sources: SourceView[]): Node {
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
          ` — ${s.publisher}${s.publisher ? ', ' : ''}${s.date}`,
        ),
      ),
    ),
  );
}
