// Sites: each site whose scan agents push results to this server — its ranges, its last report
// (hosts, covered devices, linked to that scan's hosts), what changed since the scan before
// (linked to the comparison), and its agents with a "silent" or "revoked" badge in words. The
// name filter and the order live in the URL.
import { get } from '../api.js';
import { fieldText, fmt, h, table } from '../dom.js';
import {
  agentState,
  agoText,
  changesText,
  coveredHref,
  diffHref,
  everyText,
  orderAgents,
  plural,
  selectSites,
  shellWord,
  silentAgents,
  siteOrderLabels,
  siteOrders,
  siteQuery,
  siteQueryParams,
  siteTotals,
  utcText,
  type AgentState,
  type SiteQuery,
} from '../parts/sites-list.js';
import type { SiteAgent, SiteSummary } from '../types.js';
import { params, setParams } from '../url.js';

const stateBadge: Record<AgentState, [string, string]> = {
  silent: ['badge warn', 'silent'],
  revoked: ['badge', 'revoked'],
  reporting: ['badge ok', 'reporting'],
};

/** A time as UTC text with how long ago, the exact value kept for machines. */
function when(iso: string, nowMs: number): Node {
  const ago = agoText(iso, nowMs);
  return h('time', { datetime: iso }, utcText(iso), ago === '' ? '' : ` (${ago})`);
}

function agentsTable(s: SiteSummary, nowMs: number): Node {
  if (s.agents.length === 0)
    return h(
      'p',
      { class: 'muted' },
      'No agent enrolled yet: run ',
      h('code', {}, `sousveil sites code ${shellWord(s.name)}`),
      ' on the server for a one-time code, then ',
      h('code', {}, `sousveil agent enroll --server ${location.origin} --code CODE`),
      ' at the site.',
    );
  return table(
    `Agents of ${s.name}`,
    ['Agent', 'State', 'Last seen', 'Schedule', 'Enrolled'],
    orderAgents(s.agents).map((a: SiteAgent) => {
      const state = agentState(a);
      const [cls, word] = stateBadge[state];
      return [
        a.name,
        // One element per cell: on a phone each cell is a grid of its label and its content.
        h(
          'span',
          {},
          h('span', { class: `${cls} agent-state`, 'data-state': state }, word),
          a.revokedAt !== undefined ? [' since ', when(a.revokedAt, nowMs)] : '',
        ),
        when(a.lastSeenAt, nowMs),
        everyText(a.every),
        utcText(a.enrolledAt),
      ];
    }),
  );
}

function lastReport(s: SiteSummary, nowMs: number): Node[] {
  const r = s.lastReport;
  if (r === undefined)
    return [h('dt', {}, 'Last report'), h('dd', {}, 'none yet: no agent has pushed a scan')];
  const c = s.changes;
  const by = s.agents.find((a) => a.id === r.agentId);
  return [
    h('dt', {}, 'Last report'),
    h(
      'dd',
      {},
      when(r.receivedAt, nowMs),
      ': ',
      h('a', { href: `/audits/${r.scanId}` }, `scan ${r.scanId}`),
      by === undefined ? '' : ` by ${by.name}`,
      `, ${plural(r.hosts, 'host')}, `,
      h(
        'a',
        { href: coveredHref(r.scanId), class: 'covered-link' },
        plural(r.covered, 'covered device'),
      ),
    ),
    h('dt', {}, 'Since the scan before'),
    h(
      'dd',
      {},
      c === undefined
        ? 'first report: nothing to compare yet'
        : [
            h('a', { href: diffHref(c.since, r.scanId), class: 'changes-link' }, changesText(c)),
            ` (scan ${c.since} → scan ${r.scanId})`,
          ],
    ),
  ];
}

function siteCard(s: SiteSummary, nowMs: number): Node {
  const silent = silentAgents(s);
  const headingId = `site-${s.id}`;
  return h(
    'section',
    { class: 'site', 'aria-labelledby': headingId, 'data-site': s.name },
    h(
      'h2',
      { id: headingId },
      s.name,
      silent > 0 ? [' ', h('span', { class: 'badge warn' }, plural(silent, 'silent agent'))] : '',
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Ranges'),
      h(
        'dd',
        {},
        s.ranges.length === 0
          ? '—'
          : s.ranges.flatMap((x, i) => [i > 0 ? ', ' : '', h('code', {}, x)]),
      ),
      lastReport(s, nowMs),
    ),
    agentsTable(s, nowMs),
  );
}

/** What an admin does to get a first site and its agent, the server's own address filled in. */
function emptyState(): Node {
  return h(
    'section',
    { class: 'sites-empty', 'aria-labelledby': 'sites-empty-h' },
    h('h2', { id: 'sites-empty-h' }, 'No sites yet'),
    h('p', {}, 'A site is a place whose networks an agent scans and reports here. To add one:'),
    h(
      'ol',
      {},
      h(
        'li',
        {},
        'On the server, an admin adds the site with the ranges it may report: ',
        h('code', {}, 'sousveil sites add NAME --range CIDR'),
        ' (one ',
        h('code', { class: 'flag' }, '--range'),
        ' for each range). It prints a one-time enrollment code.',
      ),
      h(
        'li',
        {},
        'At the site, enroll an agent with that code: ',
        h('code', {}, `sousveil agent enroll --server ${location.origin} --code CODE`),
        '.',
      ),
      h(
        'li',
        {},
        'Then let it scan and report on a schedule: ',
        h('code', {}, 'sousveil agent run --every 6h TARGETS…'),
        '. Its reports appear here.',
      ),
    ),
  );
}

function filterForm(s: SiteQuery, onChange: (next: SiteQuery) => void): HTMLElement {
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter and order sites', role: 'search' },
    h('label', { for: 'sites-q' }, 'Site name'),
    h('input', { id: 'sites-q', name: 'q', type: 'search', value: s.q, maxlength: 100 }),
    h('label', { for: 'sites-sort' }, 'Order'),
    h(
      'select',
      { id: 'sites-sort', name: 'sort' },
      siteOrders.map((o) => h('option', { value: o, selected: o === s.sort }, siteOrderLabels[o])),
    ),
  ) as HTMLFormElement;
  const read = (): void => {
    const data = new FormData(form);
    onChange(siteQuery({ q: fieldText(data, 'q'), sort: fieldText(data, 'sort') }));
  };
  // 'input' fires for the text box and the select alike (and when the box is cleared).
  form.addEventListener('input', read);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    read();
  });
  return form;
}

export async function sitesPage(main: HTMLElement): Promise<void> {
  const sites = await get<SiteSummary[]>('/sites');
  const nowMs = Date.now();
  main.append(
    h('h1', {}, 'Sites'),
    h(
      'p',
      { class: 'lede' },
      'Places whose scan agents report to this server: the last report of each, its covered devices, what changed since the scan before, and agents that went silent.',
    ),
  );
  if (sites.length === 0) {
    main.append(emptyState());
    return;
  }
  const t = siteTotals(sites);
  main.append(
    h(
      'p',
      { class: 'sites-totals' },
      `${plural(t.sites, 'site')}, ${plural(t.agents, 'agent')}: ${fmt.format(t.silent)} silent, ${fmt.format(t.revoked)} revoked.`,
    ),
  );
  // One status line that stays in place, so a screen reader hears the count after each change
  // rather than every card again.
  const status = h('p', { class: 'muted', role: 'status' });
  const body = h('div', { class: 'sites' });
  const render = (s: SiteQuery): void => {
    const shown = selectSites(sites, s);
    status.textContent =
      shown.length === sites.length
        ? `Showing all ${plural(sites.length, 'site')}.`
        : `Showing ${shown.length} of ${plural(sites.length, 'site')}.`;
    body.replaceChildren(
      ...(shown.length === 0
        ? [h('p', {}, `No site name contains “${s.q}”.`)]
        : shown.map((x) => siteCard(x, nowMs))),
    );
  };
  const start = siteQuery(params());
  main.append(
    filterForm(start, (next) => {
      setParams(siteQueryParams(next));
      render(next);
    }),
    status,
    body,
  );
  render(start);
}
