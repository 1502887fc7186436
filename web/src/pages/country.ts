// A country's page: projects with suppliers, financiers and figures, training, restrictions.
import { get } from '../api.js';
import { h } from '../dom.js';
import type { ProjectView, SubjectView } from '../types.js';
import { cite, figures, sourceList } from './figures.js';

export function projectSection(p: ProjectView): HTMLElement {
  const facts: Array<[string, string]> = [
    ['Kind', `${p.kind}${p.bri ? ' (Belt and Road)' : ''}`],
    ['Status', `${p.status}${p.started !== undefined ? `, since ${p.started}` : ''}`],
  ];
  if (p.places.length > 0) facts.push(['Places', p.places.join(', ')]);
  if (p.suppliers.length > 0) facts.push(['Suppliers', p.suppliers.map((s) => s.name).join(', ')]);
  if (p.financiers.length > 0)
    facts.push(['Financiers', p.financiers.map((s) => s.name).join(', ')]);
  if (p.capabilities.length > 0) facts.push(['Capabilities', p.capabilities.join(', ')]);
  return h(
    'article',
    { class: 'project', id: `project-${p.id}`, 'aria-labelledby': `project-${p.id}-h` },
    h(
      'h3',
      { id: `project-${p.id}-h` },
      p.name,
      p.aliases.length > 0 ? h('span', { class: 'muted' }, ` (${p.aliases.join(', ')})`) : null,
      ' ',
      cite(p.sources),
    ),
    h('p', {}, p.summary),
    h(
      'dl',
      { class: 'facts' },
      facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    p.agreements.length > 0
      ? h(
          'ul',
          { class: 'agreements' },
          p.agreements.map((a) =>
            h(
              'li',
              {},
              `${a.name} (${a.kind}${a.date !== undefined ? `, ${a.date}` : ''}) `,
              cite(a.sources),
            ),
          ),
        )
      : null,
    h('h4', {}, 'Figures'),
    figures(p.figures),
  );
}

export function subjectBody(v: SubjectView): Node[] {
  return [
    v.figures.length > 0 ? h('section', {}, h('h2', {}, 'Figures'), figures(v.figures)) : null,
    h(
      'section',
      { 'aria-labelledby': 'projects-h' },
      h('h2', { id: 'projects-h' }, `Projects (${v.projects.length})`),
      v.projects.length === 0
        ? h('p', { class: 'muted' }, 'No projects recorded.')
        : v.projects.map(projectSection),
    ),
    v.trainings.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Training'),
          h(
            'ul',
            {},
            v.trainings.map((t) =>
              h('li', {}, h('strong', {}, t.name), `: ${t.summary} `, cite(t.sources)),
            ),
          ),
        )
      : null,
    v.restrictions.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Restrictions'),
          h(
            'ol',
            { class: 'timeline' },
            v.restrictions.map((r) =>
              h(
                'li',
                {},
                h('time', {}, r.effective),
                ' ',
                h('strong', {}, r.short),
                ` — ${r.title}`,
              ),
            ),
          ),
        )
      : null,
    sourceList(v.sources),
  ].filter((n): n is HTMLElement => n !== null);
}

export async function countryPage(main: HTMLElement, id: string): Promise<void> {
  const v = await get<SubjectView>(`/countries/${encodeURIComponent(id)}`);
  main.append(h('h1', {}, v.name), h('p', { class: 'lede' }, v.about), ...subjectBody(v));
}
