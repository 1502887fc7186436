// Search results, grouped by type; the words live in the URL.
import { get } from '../api.js';
import { h } from '../dom.js';
import type { SearchAnswer, SearchType } from '../types.js';
import { params } from '../url.js';

const groups: Array<[SearchType, string]> = [
  ['country', 'Countries'],
  ['project', 'Projects'],
  ['vendor', 'Vendors'],
  ['organisation', 'Organisations'],
  ['restriction', 'Restrictions'],
  ['claim', 'Figures and claims'],
  ['source', 'Sources'],
];

export async function searchPage(main: HTMLElement): Promise<void> {
  const q = (params().q ?? '').trim();
  const box = document.getElementById('site-q') as HTMLInputElement | null;
  if (box !== null) box.value = q;
  main.append(h('h1', {}, q === '' ? 'Search' : `Search: ${q}`));
  if (q === '') {
    main.append(
      h(
        'p',
        {},
        'Type words in the search box above: a country, a project, a vendor, a figure, a source.',
      ),
    );
    return;
  }
  const answer = await get<SearchAnswer>('/search', { q });
  if (answer.results.length === 0) {
    main.append(h('p', {}, `Nothing found for “${q}”.`));
    return;
  }
  main.append(h('p', { class: 'lede' }, `${answer.results.length} results.`));
  for (const [type, title] of groups) {
    const hits = answer.results.filter((r) => r.type === type);
    if (hits.length === 0) continue;
    main.append(
      h(
        'section',
        {},
        h('h2', {}, `${title} (${hits.length})`),
        h(
          'ul',
          { class: 'results' },
          hits.map((r) =>
            h(
              'li',
              {},
              h('a', { href: r.url }, r.title),
              r.snippet !== undefined ? h('span', { class: 'muted' }, ` — ${r.snippet}`) : '',
            ),
          ),
        ),
      ),
    );
  }
}
