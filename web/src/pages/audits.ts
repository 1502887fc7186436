// Network audits: saved scans (upload, compare two, delete one), and a scan's hosts with verdicts
// and evidence, filtered by maker, restriction and coverage — the filters in the URL, the same
// rows downloadable as CSV, JSON or the printable HTML report.
import { apiUrl, get, remove, upload } from '../api.js';
import { fieldText, h, table } from '../dom.js';
import { navigate } from '../nav.js';
import type { HostVerdict, ScanDiff, ScanSummary, UploadResult } from '../types.js';
import { params, setParams } from '../url.js';

const targetsOf = (s: ScanSummary): string => {
  const p = (s.params ?? {}) as { targets?: string[]; files?: string[] };
  return (p.targets ?? p.files ?? []).join(' ');
};

function uploadForm(): HTMLElement {
  const file = h('input', {
    type: 'file',
    id: 'scan-file',
    name: 'scan',
    accept: '.xml,.json',
    required: true,
  }) as HTMLInputElement;
  const result = h('p', { role: 'status', class: 'upload-status' });
  return h(
    'form',
    {
      class: 'upload',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = file.files?.[0];
        if (f === undefined) return void (result.textContent = 'Choose a file first.');
        result.textContent = `Uploading ${f.name}…`;
        upload<UploadResult>('/scans', f)
          .then((r) => {
            result.textContent =
              r.duplicate === true
                ? `Already saved as scan ${r.id}.`
                : `Imported ${r.hosts} hosts (${r.covered} covered).`;
            navigate(`/audits/${r.id}`);
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
}

function diffView(d: ScanDiff): Node {
  const who = (x: { address: string; maker?: string; covered: boolean }): string =>
    `${x.address} — ${x.maker ?? 'unidentified'}${x.covered ? ', covered' : ''}`;
  return h(
    'section',
    { 'aria-labelledby': 'diff-h' },
    h('h2', { id: 'diff-h' }, 'Scan comparison'),
    h(
      'p',
      {},
      `${d.appeared.length} appeared, ${d.disappeared.length} disappeared, ${d.changed.length} changed, ${d.unchanged} unchanged.`,
    ),
    d.appeared.length > 0
      ? [
          h('h3', {}, 'Appeared'),
          h(
            'ul',
            {},
            d.appeared.map((x) => h('li', {}, who(x))),
          ),
        ]
      : '',
    d.disappeared.length > 0
      ? [
          h('h3', {}, 'Disappeared'),
          h(
            'ul',
            {},
            d.disappeared.map((x) => h('li', {}, who(x))),
          ),
        ]
      : '',
    d.changed.length > 0
      ? [
          h('h3', {}, 'Changed'),
          h(
            'ul',
            {},
            d.changed.map((c) =>
              h(
                'li',
                {},
                `${c.address}: ${c.changes.map((x) => `${x.field} ${x.before || '—'} → ${x.after || '—'}`).join('; ')}`,
              ),
            ),
          ),
        ]
      : '',
  );
}

export async function auditsPage(main: HTMLElement): Promise<void> {
  const scans = await get<ScanSummary[]>('/scans');
  const p = params();
  const pick = (name: string, label: string, value: string | undefined): Node[] => [
    h('label', { for: `cmp-${name}` }, label),
    h(
      'select',
      { id: `cmp-${name}`, name },
      scans.map((s) =>
        h(
          'option',
          { value: s.id, selected: String(s.id) === value },
          `scan ${s.id} (${s.startedAt.slice(0, 10)})`,
        ),
      ),
    ),
  ];
  const diffBox = h('div', { 'aria-live': 'polite' });
  const compare = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        const a = fieldText(data, 'a');
        const b = fieldText(data, 'b');
        setParams({ a, b });
        void get<ScanDiff>('/scans/diff', { a, b }).then(
          (d) => diffBox.replaceChildren(diffView(d)),
          (err: unknown) =>
            diffBox.replaceChildren(h('p', { role: 'alert' }, (err as Error).message)),
        );
      },
    },
    pick('a', 'Compare scan', p.a),
    pick('b', 'with scan', p.b),
    h('button', { type: 'submit' }, 'Compare'),
  );
  main.append(h('h1', {}, 'Network audits'), uploadForm());
  if (scans.length === 0) {
    main.append(
      h(
        'p',
        { class: 'muted' },
        'No scans saved yet. Run sousveil net scan with your targets, or import a file above.',
      ),
    );
    return;
  }
  main.append(
    table(
      `${scans.length} saved scans and imports`,
      ['Scan', 'Kind', 'Started', 'Hosts', 'Targets or files', ''],
      scans.map((s) => [
        h('a', { href: `/audits/${s.id}` }, `Scan ${s.id}`),
        s.kind,
        s.startedAt.replace('T', ' ').slice(0, 19),
        String(s.hostCount),
        targetsOf(s),
        h(
          'button',
          {
            type: 'button',
            'aria-label': `Delete scan ${s.id}`,
            onclick: () => {
              if (!confirm(`Delete scan ${s.id} and its ${s.hostCount} hosts?`)) return;
              void remove(`/scans/${s.id}`).then(() => navigate('/audits'));
            },
          },
          'Delete',
        ),
      ]),
    ),
    scans.length > 1 ? h('section', {}, h('h2', {}, 'Compare two scans'), compare, diffBox) : '',
  );
  if (p.a !== undefined && p.b !== undefined)
    diffBox.replaceChildren(diffView(await get<ScanDiff>('/scans/diff', { a: p.a, b: p.b })));
}

export async function auditPage(main: HTMLElement, id: string): Promise<void> {
  const [scan, all] = await Promise.all([
    get<ScanSummary>(`/scans/${id}`),
    get<HostVerdict[]>(`/scans/${id}/hosts`),
  ]);
  const p = params();
  const makers = new Map(
    all
      .filter((x) => x.maker !== undefined)
      .map((x) => [x.maker ?? '', x.makerName ?? x.maker ?? '']),
  );
  const rules = new Map(
    all.flatMap((x) => x.restrictions.map((r) => [r.restriction, r.short] as const)),
  );
  const sel = (name: string, label: string, options: Array<[string, string]>): Node[] => [
    h('label', { for: `f-${name}` }, label),
    h(
      'select',
      { id: `f-${name}`, name },
      h('option', { value: '' }, 'any'),
      options.map(([v, t]) => h('option', { value: v, selected: p[name] === v }, t)),
    ),
  ];
  const body = h('div', { 'aria-live': 'polite' });
  const update = async (): Promise<void> => {
    const q = params();
    const filters = { maker: q.maker, restriction: q.restriction, covered: q.covered };
    const hosts = await get<HostVerdict[]>(`/scans/${id}/hosts`, filters);
    body.replaceChildren(
      h(
        'p',
        { class: 'downloads' },
        'Download what is shown: ',
        h(
          'a',
          {
            href: apiUrl(`/scans/${id}/hosts`, { ...filters, format: 'csv' }),
            download: `scan-${id}.csv`,
          },
          'CSV',
        ),
        ' · ',
        h(
          'a',
          { href: apiUrl(`/scans/${id}/hosts`, filters), download: `scan-${id}.json` },
          'JSON',
        ),
        ' · ',
        h(
          'a',
          {
            href: apiUrl(`/scans/${id}/hosts`, { ...filters, format: 'html' }),
            download: `scan-${id}.html`,
          },
          'printable report (HTML)',
        ),
      ),
      hostsTable(hosts, all.length),
    );
  };
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter hosts' },
    sel(
      'maker',
      'Maker',
      [...makers].sort((a, b) => a[1].localeCompare(b[1])),
    ),
    sel('restriction', 'Restriction', [...rules]),
    sel('covered', 'Covered', [
      ['true', 'covered'],
      ['false', 'not covered'],
    ]),
  );
  form.addEventListener('change', () => {
    const data = new FormData(form as HTMLFormElement);
    setParams({
      maker: fieldText(data, 'maker'),
      restriction: fieldText(data, 'restriction'),
      covered: fieldText(data, 'covered'),
    });
    void update();
  });
  main.append(
    h('h1', {}, `Scan ${scan.id}`),
    h(
      'p',
      { class: 'lede' },
      `${scan.kind} started ${scan.startedAt.replace('T', ' ').slice(0, 19)}; ${targetsOf(scan)}`,
    ),
    form,
    body,
  );
  await update();
}

function hostsTable(hosts: readonly HostVerdict[], total: number): Node {
  return table(
    `${hosts.length} of ${total} hosts`,
    [
      'Address',
      'Maker (brand)',
      'Model / firmware',
      'Confidence',
      'Restrictions',
      'Advisories',
      'Evidence',
    ],
    hosts.map((x) => [
      x.address + (x.mac !== undefined ? ` ${x.mac}` : ''),
      x.maker !== undefined
        ? `${x.makerName ?? x.maker}${x.brand !== undefined && x.brand !== x.maker ? ` (${x.brandName ?? x.brand})` : ''}`
        : '—',
      [x.model, x.firmware].filter((v) => v !== undefined).join(' / ') || '—',
      x.notes?.some((n) => n.startsWith('imported, unverified')) === true
        ? 'imported, unverified'
        : (x.confidence ?? '—'),
      x.restrictions
        .map((r) => `${r.short}${r.since !== undefined ? ` since ${r.since}` : ''}`)
        .join('; ') || '—',
      x.advisoryDetails
        .map(
          (a) =>
            `${a.cve}: ${a.status === 'affected' ? 'affected' : `may apply (${a.reason ?? ''})`}`,
        )
        .join('; ') || '—',
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
                h('li', {}, `${e.probe}: `, h('code', {}, e.seen), ` (weight ${e.weight})`),
              ),
            ),
          ),
    ]),
  );
}
