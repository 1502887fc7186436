// A country's page: its surveillance projects and, apart, its infrastructure projects; the figures
// recorded about the country; training; restrictions in its jurisdiction; numbered sources.
import { get } from '../api.js';
import { h } from '../dom.js';
import { figures } from '../parts/figures.js';
import { downloads } from '../parts/download.js';
import { projectsTable } from '../parts/projects-table.js';
import { cite, citeThis, sourceList } from '../parts/sources.js';
import type { CountryPage } from '../types.js';

export async function countryPage(main: HTMLElement, id: string): Promise<void> {
  const c = await get<CountryPage>(`/countries/${encodeURIComponent(id)}`);
  const surveillance = c.projects.filter((p) => p.class === 'surveillance');
  const infrastructure = c.projects.filter((p) => p.class === 'infrastructure');
  main.append(
    h('h1', {}, c.name),
    h(
      'p',
      { class: 'lede' },
      `${surveillance.length} surveillance project${surveillance.length === 1 ? '' : 's'} and ${infrastructure.length} infrastructure project${infrastructure.length === 1 ? '' : 's'} recorded.`,
    ),
    citeThis(c.name, c.sources, `sousveil-${c.id}`),
    surveillance.length + infrastructure.length > 0
      ? downloads('/projects', { country: c.id }, `projects-${c.id}`)
      : '',
    surveillance.length > 0
      ? projectsTable('Surveillance projects', surveillance)
      : h('p', { class: 'muted' }, 'No surveillance project recorded.'),
    infrastructure.length > 0
      ? projectsTable('Strategic infrastructure (not surveillance)', infrastructure)
      : '',
    c.figures.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Figures about the country'),
          figures(c.figures, c.sources, c.name),
        )
      : '',
    c.trainings.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Training'),
          h(
            'ul',
            {},
            c.trainings.map((t) =>
              h('li', {}, h('strong', {}, t.name), ` — ${t.summary} `, cite(t.cites)),
            ),
          ),
        )
      : '',
    h(
      'section',
      {},
      h('h2', {}, 'Restrictions in this jurisdiction'),
      c.restrictions.length === 0
        ? h('p', { class: 'muted' }, 'None recorded.')
        : h(
            'ol',
            { class: 'timeline' },
            c.restrictions.map((r) =>
              h(
                'li',
                {},
                h('time', { datetime: r.effective }, r.effectiveText),
                ' ',
                h('strong', {}, r.short),
                ` (${r.jurisdictionName}, ${r.kindLabel}) — ${r.title}`,
                r.untilText !== undefined ? ` Until ${r.untilText}.` : '',
                ' ',
                cite(r.cites),
              ),
            ),
          ),
    ),
    sourceList(c.sources),
  );
}
