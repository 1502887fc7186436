// Projects: the filtered list (filters in the URL, downloads of the same rows), and each
// project's page — timeline, financing in its currencies, suppliers, places on a small map,
// every figure with its sources, related projects.
import { get } from '../api.js';
import { h } from '../dom.js';
import { downloads } from '../parts/download.js';
import { claimLine, figures } from '../parts/figures.js';
import { currentFilters, filterForm } from '../parts/project-filters.js';
import { partyLinks, projectsTable } from '../parts/projects-table.js';
import { cite, citeThis, sourceList } from '../parts/sources.js';
import type { ProjectItem, ProjectPage } from '../types.js';

export async function projectsPage(main: HTMLElement): Promise<void> {
  const all = await get<ProjectItem[]>('/projects');
  const body = h('div', { 'aria-live': 'polite' });
  const update = async (): Promise<void> => {
    const filters = currentFilters();
    const shown = await get<ProjectItem[]>('/projects', filters);
    body.replaceChildren(
      downloads('/projects', filters, 'projects'),
      projectsTable(`${shown.length} of ${all.length} projects`, shown),
    );
  };
  main.append(
    h('h1', {}, 'Projects'),
    h(
      'p',
      { class: 'lede' },
      'Surveillance projects and, marked as such, the strategic infrastructure recorded beside them. Filter them; the address of this page keeps the filters.',
    ),
    filterForm(all, () => void update()),
    body,
  );
  await update();
}

const ref = (r: { id: string; name: string }, base: string): Node =>
  h('a', { href: `${base}${r.id}` }, r.name);

function placesMap(p: ProjectPage): Node {
  if (p.places.length === 0) return '' as unknown as Node;
  // A small equirectangular sketch around the places: no tiles, drawn as SVG by the page itself.
  const lons = p.places.map((x) => x.lon);
  const lats = p.places.map((x) => x.lat);
  const pad = 1.5;
  const [w, s, e, n] = [
    Math.min(...lons) - pad,
    Math.min(...lats) - pad,
    Math.max(...lons) + pad,
    Math.max(...lats) + pad,
  ];
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 300 200');
  svg.setAttribute('class', 'places-map');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Places: ${p.places.map((x) => x.name).join(', ')}`);
  for (const x of p.places) {
    const cx = ((x.lon - w) / (e - w || 1)) * 280 + 10;
    const cy = ((n - x.lat) / (n - s || 1)) * 180 + 10;
    const dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    dot.setAttribute('cx', cx.toFixed(1));
    dot.setAttribute('cy', cy.toFixed(1));
    dot.setAttribute('r', '5');
    const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    label.setAttribute('x', (cx + 8).toFixed(1));
    label.setAttribute('y', (cy + 4).toFixed(1));
    label.textContent = x.name;
    svg.append(dot, label);
  }
  return h(
    'figure',
    {},
    svg,
    h(
      'figcaption',
      {},
      p.places
        .map((x) => `${x.name} (${x.kindLabel}, ${x.lat.toFixed(2)}, ${x.lon.toFixed(2)})`)
        .join('; '),
    ),
  );
}

export async function projectPage(main: HTMLElement, id: string): Promise<void> {
  const p = await get<ProjectPage>(`/projects/${encodeURIComponent(id)}`);
  main.append(
    h('h1', {}, p.name),
    h(
      'p',
      { class: 'lede' },
      `${p.kindLabel} in `,
      ref(p.country, '/countries/'),
      `; ${p.statusLabel}${p.startedText !== undefined ? `, started ${p.startedText}` : ''}.`,
      p.class === 'infrastructure' ? ' Strategic infrastructure, not a surveillance project.' : '',
      ' ',
      cite(p.cites),
    ),
    p.aliases.length > 0
      ? h('p', { class: 'muted' }, `Also known as ${p.aliases.join('; ')}.`)
      : '',
    h('p', {}, p.summary),
    citeThis(p.name, p.sources, `sousveil-${p.id}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Suppliers'),
      h('dd', {}, p.suppliers.length === 0 ? '—' : partyLinks(p.suppliers)),
      h('dt', {}, 'Financiers'),
      h('dd', {}, p.financiers.length === 0 ? '—' : partyLinks(p.financiers)),
      h('dt', {}, 'Capabilities'),
      h('dd', {}, p.capabilities.map((c) => c.name).join(', ') || '—'),
      h('dt', {}, 'Belt and Road'),
      h('dd', {}, p.bri ? 'yes' : 'not recorded as such'),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Timeline'),
      p.timeline.length === 0
        ? h('p', { class: 'muted' }, 'No dated event recorded.')
        : h(
            'ol',
            { class: 'timeline' },
            p.timeline.map((t) =>
              h(
                'li',
                {},
                h('time', { datetime: t.date }, t.dateText),
                ` ${t.label} `,
                cite(t.cites),
              ),
            ),
          ),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Financing'),
      p.financing.length === 0
        ? h('p', { class: 'muted' }, 'No financing figure recorded.')
        : h(
            'ul',
            { class: 'side-by-side' },
            p.financing.map((c) =>
              h('li', { class: `claim status-${c.status}`, id: `claim-${c.id}` }, claimLine(c)),
            ),
          ),
    ),
    p.agreements.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Agreements'),
          h(
            'ul',
            {},
            p.agreements.map((a) =>
              h(
                'li',
                {},
                h('strong', {}, a.name),
                ` — ${a.kindLabel}${a.dateText !== undefined ? `, ${a.dateText}` : ''}; parties: ${a.parties.map((x) => x.name).join(', ')} `,
                cite(a.cites),
              ),
            ),
          ),
        )
      : '',
    h('section', {}, h('h2', {}, 'Places'), placesMap(p)),
    h('section', {}, h('h2', {}, 'Figures'), figures(p.figures, p.sources, p.name)),
    p.related.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Related projects'),
          h(
            'ul',
            {},
            p.related.map((r) =>
              h('li', {}, ref(r, '/projects/'), ` — ${r.kindLabel}, ${r.country.name}`),
            ),
          ),
        )
      : '',
    sourceList(p.sources),
  );
}
