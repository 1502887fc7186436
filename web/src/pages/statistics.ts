// The statistics: the seed article's headline figures claimed versus what the records support,
// charts of projects by year and restrictions over time (SVG drawn here), and the tables behind
// them — surveillance and infrastructure counted apart, amounts in their own currencies.
import { apiUrl, get } from '../api.js';
import { fmt, h, table } from '../dom.js';
import { barChart } from '../parts/charts.js';
import { csvLink } from '../parts/download.js';
import { cite, sourceList } from '../parts/sources.js';
import type { Headline, Statistics } from '../types.js';

function support(s: Headline['support']): Node {
  switch (s.kind) {
    case 'computed':
      return h(
        'span',
        {},
        h('strong', {}, fmt.format(s.n)),
        ` — ${s.how}. `,
        h(
          'span',
          { class: `badge ${s.verdict === 'supported' ? 'ok' : 'warn'}` },
          s.verdict === 'supported' ? 'supported' : 'not yet supported by the records',
        ),
      );
    case 'corroborated':
    case 'contradicted':
      return h(
        'span',
        {},
        h('span', { class: `badge ${s.kind === 'corroborated' ? 'ok' : 'warn'}` }, s.kind),
        ' by ',
        s.claims.map((c, i) => [
          i > 0 ? '; ' : '',
          c.text,
          c.asOfText !== undefined ? ` (${c.asOfText})` : '',
          ' ',
          cite(c.cites),
        ]),
      );
    case 'none':
      return h('span', {}, h('span', { class: 'badge' }, 'unverified'), ` ${s.reason}`);
  }
}

function section(
  title: string,
  id: string,
  head: string[],
  rows: Array<Array<Node | string>>,
  text: string[][],
): Node {
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id }, title),
    h('p', { class: 'downloads' }, 'Download: ', csvLink(head, text, id)),
    table(title, head, rows),
  );
}

export async function statisticsPage(main: HTMLElement): Promise<void> {
  const s = await get<Statistics>('/statistics');
  const c = s.counts;
  const byYear = new Map<number, number>();
  for (const j of s.restrictions)
    for (const r of j.restrictions) {
      const y = Number(r.effective.slice(0, 4));
      byYear.set(y, (byYear.get(y) ?? 0) + 1);
    }
  const restrictionYears = [...byYear]
    .sort((a, b) => a[0] - b[0])
    .map(([year, n]) => ({ year, values: [n] }));
  const heads = s.headlines;
  const dep = s.deployments.filter((d) => d.class === 'surveillance');
  main.append(
    h('h1', {}, 'Statistics'),
    h(
      'p',
      { class: 'lede' },
      `The atlas records ${fmt.format(c.surveillanceProjects)} surveillance projects in ${c.countriesWithSurveillanceProjects} countries, and ${fmt.format(c.infrastructureProjects)} infrastructure projects counted apart, in ${fmt.format(c.claims)} claims from ${fmt.format(c.sources)} sources.`,
    ),
    h(
      'p',
      { class: 'downloads' },
      'Download everything on this page: ',
      h('a', { href: apiUrl('/statistics'), download: 'statistics.json' }, 'JSON'),
    ),
    barChart(
      'Projects by start year',
      s.projectsByYear.map((r) => ({ year: r.year, values: [r.surveillance, r.infrastructure] })),
      [
        { name: 'surveillance', colour: '#8f2d0f', className: 'chart-surveillance' },
        { name: 'infrastructure', colour: '#7a9cc6', className: 'chart-infrastructure' },
      ],
    ),
    barChart('Restrictions by the year they took effect', restrictionYears, [
      { name: 'restrictions', colour: '#1d3557', className: 'chart-restrictions' },
    ]),
    section(
      'The seed article’s figures, claimed versus supported',
      'headlines',
      ['Subject', 'Figure', 'Claimed', 'By', 'The records'],
      heads.map((x) => [
        x.subject.name,
        x.label,
        h('span', {}, x.claim.text, ' ', cite(x.claim.cites)),
        x.by.join('; '),
        support(x.support),
      ]),
      heads.map((x) => [x.subject.name, x.label, x.claim.text, x.by.join('; '), x.support.kind]),
    ),
    section(
      'Surveillance deployments by supplier and start year',
      'deployments',
      ['Supplier', 'Year', 'Countries', 'Projects'],
      dep.map((d) => [
        h('a', { href: d.vendor.url }, d.vendor.name),
        d.year === null ? 'not dated' : String(d.year),
        d.countries.map((x) => x.name).join(', '),
        h(
          'span',
          {},
          d.projects.flatMap((p, i) => [
            i > 0 ? ', ' : '',
            h('a', { href: `/projects/${p.id}` }, p.name),
          ]),
        ),
      ]),
      dep.map((d) => [
        d.vendor.name,
        d.year === null ? '' : String(d.year),
        d.countries.map((x) => x.name).join('; '),
        d.projects.map((p) => p.name).join('; '),
      ]),
    ),
    section(
      'Cameras by project (every source’s figure)',
      'cameras',
      ['Country', 'Project', 'Cameras', 'Disputed'],
      s.cameras.map((r) => [
        r.country.name,
        h('a', { href: `/projects/${r.project.id}` }, r.project.name),
        h(
          'span',
          {},
          r.claims.map((x, i) => [
            i > 0 ? '; ' : '',
            x.text,
            x.asOfText !== undefined ? ` (${x.asOfText})` : '',
            ' ',
            cite(x.cites),
          ]),
        ),
        r.disputed ? 'yes' : 'no',
      ]),
      s.cameras.map((r) => [
        r.country.name,
        r.project.name,
        r.claims.map((x) => x.text).join('; '),
        r.disputed ? 'yes' : 'no',
      ]),
    ),
    section(
      'Financing by financier (currencies never converted)',
      'financing',
      ['Financier', 'Totals', 'Countries'],
      s.financing.map((f) => [
        f.financier.name,
        h('span', {}, f.totals.map((t) => t.text).join('; '), ' ', cite(f.cites)),
        f.countries.map((x) => x.name).join(', '),
      ]),
      s.financing.map((f) => [
        f.financier.name,
        f.totals.map((t) => t.text).join('; '),
        f.countries.map((x) => x.name).join('; '),
      ]),
    ),
    section(
      'Restrictions by jurisdiction',
      'restrictions',
      ['Jurisdiction', 'Restrictions'],
      s.restrictions.map((j) => [
        j.jurisdictionName,
        h(
          'span',
          {},
          j.restrictions.map((r, i) => [
            i > 0 ? '; ' : '',
            `${r.short} (${r.effectiveText})`,
            ' ',
            cite(r.cites),
          ]),
        ),
      ]),
      s.restrictions.map((j) => [
        j.jurisdictionName,
        j.restrictions.map((r) => `${r.short} (${r.effective})`).join('; '),
      ]),
    ),
    sourceList(s.sources),
  );
}
