// A table of projects: name (a link to its page), kind, country, start, suppliers, financiers.
import { h, table, type Child } from '../dom.js';
import type { ProjectItem } from '../types.js';

/** Parties as links to the pages that show them. */
export const partyLinks = (refs: ReadonlyArray<{ name: string; url: string }>): Child[] =>
  refs.flatMap((r, i) => [i > 0 ? ', ' : '', h('a', { href: r.url }, r.name)]);

/** Projects as a table; `caption` says what they are. */
export function projectsTable(caption: string, projects: readonly ProjectItem[]): Node {
  return table(
    caption,
    ['Project', 'Kind', 'Country', 'Started', 'Suppliers', 'Financiers', 'Status'],
    projects.map((p) => [
      h('a', { href: `/projects/${p.id}` }, p.name),
      p.kindLabel,
      h('a', { href: `/countries/${p.country.id}` }, p.country.name),
      p.startedText ?? '—',
      p.suppliers.length > 0 ? h('span', {}, partyLinks(p.suppliers)) : '—',
      p.financiers.length > 0 ? h('span', {}, partyLinks(p.financiers)) : '—',
      p.statusLabel,
    ]),
  );
}
