// Network audits: the saved scans, an upload form (nmap XML or sousveil JSON), and a scan's hosts
// with verdicts and evidence, filtered by maker and restriction.
import { get, upload } from '../api.js';
import { h, table } from '../dom.js';
import type { HostVerdict } from '../types.js';

interface ScanSummary {
  id: number;
  kind: string;
  startedAt: string;
  hostCount: number;
  params: { targets?: string[]; files?: string[] };
  summary?: { covered?: number; identified?: number };
}

export async function auditsPage(main: HTMLElement): Promise<void> {
  const scans = await get<ScanSummary[]>('/scans');
  const file = h('input', {
    type: 'file',
    id: 'scan-file',
    name: 'scan',
    accept: '.xml,.json',
    required: true,
  }) as HTMLInputElement;
  const result = h('p', { role: 'status', class: 'upload-status' });
  const form = h(
    'form',
    {
      class: 'upload',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = file.files?.[0];
        if (f === undefined) {
          result.textContent = 'Choose a file first.';
          return;
        }
        result.textContent = `Uploading ${f.name}…`;
        upload<{ id: number; hosts: number; covered: number }>('/scans', f)
          .then((r) => {
            result.textContent = `Imported ${r.hosts} hosts (${r.covered} covered).`;
            location.hash = `#/audit/${r.id}`;
          })
          .catch(
            (err: unknown) => (result.textContent = `Upload refused: ${(err as Error).message}`),
          );
      },
    },
    h(
      'label',
      { for: 'scan-file' },
      'Import an nmap XML file (-oX) or a sousveil JSON scan (--json)',
    ),
    file,
    h('button', { type: 'submit' }, 'Import'),
    result,
  );
  main.append(
    h('h1', {}, 'Network audits'),
    form,
    scans.length === 0
      ? h(
          'p',
          { class: 'muted' },
          'No scans saved yet. Run `sousveil net scan <targets>` or import a file above.',
        )
      : table(
          `${scans.length} saved scans and imports`,
          ['Scan', 'Kind', 'Started', 'Hosts', 'Covered', 'Targets or files'],
          scans.map((s) => [
            h('a', { href: `#/audit/${s.id}` }, `#${s.id}`),
            s.kind,
            s.startedAt.replace('T', ' ').slice(0, 19),
            String(s.hostCount),
            String(s.summary?.covered ?? 0),
            (s.params.targets ?? s.params.files ?? []).join(' '),
          ]),
        ),
  );
}

export async function auditPage(main: HTMLElement, id: string): Promise<void> {
  const [scan, hosts] = await Promise.all([
    get<ScanSummary>(`/scans/${id}`),
    get<HostVerdict[]>(`/scans/${id}/hosts`),
  ]);
  const makers = [
    ...new Set(hosts.map((x) => x.maker).filter((m): m is string => m !== undefined)),
  ].sort();
  const restrictions = [
    ...new Map(
      hosts.flatMap((x) =>
        x.restrictions
          .filter((r) => r.status !== 'not-covered')
          .map((r) => [r.restriction, r.short] as const),
      ),
    ).entries(),
  ];
  const makerSelect = h(
    'select',
    { id: 'f-maker' },
    h('option', { value: '' }, 'any maker'),
    makers.map((m) => h('option', { value: m }, m)),
  ) as HTMLSelectElement;
  const ruleSelect = h(
    'select',
    { id: 'f-rule' },
    h('option', { value: '' }, 'any restriction'),
    restrictions.map(([rid, short]) => h('option', { value: rid }, short)),
  ) as HTMLSelectElement;
  const body = h('div', { 'aria-live': 'polite' });
  const render = (): void => {
    const shown = hosts.filter(
      (x) =>
        (makerSelect.value === '' || x.maker === makerSelect.value) &&
        (ruleSelect.value === '' ||
          x.restrictions.some(
            (r) => r.restriction === ruleSelect.value && r.status !== 'not-covered',
          )),
    );
    body.replaceChildren(
      table(
        `${shown.length} of ${hosts.length} hosts`,
        [
          'Address',
          'Maker (brand)',
          'Model / firmware',
          'Confidence',
          'Restrictions',
          'Advisories',
          'Evidence',
        ],
        shown.map((x) => [
          x.address + (x.mac ? ` ${x.mac}` : ''),
          x.maker
            ? `${x.makerName ?? x.maker}${x.brand && x.brand !== x.maker ? ` (${x.brandName ?? x.brand})` : ''}`
            : '—',
          [x.model, x.firmware].filter(Boolean).join(' / ') || '—',
          unverified(x) ?? x.confidence ?? '—',
          x.restrictions
            .filter((r) => r.status !== 'not-covered')
            .map((r) => `${r.short}${r.since ? ` since ${r.since}` : ''}`)
            .join('; ') || '—',
          x.advisories.join(', ') || '—',
          x.evidence.length === 0
            ? '—'
            : h(
                'details',
                {},
                h('summary', {}, `${x.evidence.length} items`),
                h(
                  'ul',
                  {},
                  x.evidence.map((e) =>
                    h('li', {}, `${e.probe}: ${e.seen} → ${e.fingerprint} (${e.weight})`),
                  ),
                ),
              ),
        ]),
      ),
    );
  };
  makerSelect.addEventListener('change', render);
  ruleSelect.addEventListener('change', render);
  render();
  main.append(
    h('h1', {}, `Scan #${scan.id}`),
    h(
      'p',
      { class: 'lede' },
      `${scan.kind} started ${scan.startedAt}; ${(scan.params.targets ?? scan.params.files ?? []).join(' ')}`,
    ),
    h(
      'div',
      { class: 'filters' },
      h('label', { for: 'f-maker' }, 'Maker'),
      makerSelect,
      h('label', { for: 'f-rule' }, 'Restriction'),
      ruleSelect,
    ),
    body,
  );
}

/** "imported, unverified" with its reason, for an uploaded verdict the server did not bear out. */
function unverified(x: HostVerdict): Node | undefined {
  const note = x.notes?.find((n) => n.startsWith('imported, unverified'));
  return note === undefined ? undefined : h('span', { title: note }, 'imported, unverified');
}
