// App audits: upload an Android app (a progress bar through the upload and then the audit, which
// runs on the server off the request path), the saved reports a page at a time (the page in the
// URL), and one report — identity, SDKs with maker, country, category and evidence, permissions
// by risk, vendor-cloud hosts, packers — with numbered sources.
import { ApiFailure, apiUrl, get, uploadWithProgress } from '../api.js';
import { fmt, h, table, type Child } from '../dom.js';
import { navigate } from '../nav.js';
import { cite, sourceList } from '../parts/sources.js';
import type { AppJob, AppReportView, AppScanItem, AppScanPage, AppSdkLine } from '../types.js';
import { params, path } from '../url.js';

const phaseWords: Record<AppJob['phase'], string> = {
  queued: 'Waiting for the auditor',
  reading: 'Reading the archive, DEX files, manifest and libraries',
  matching: 'Matching against the SDK rules',
  saving: 'Saving the report',
  done: 'Done',
  failed: 'Failed',
};

/** A size in bytes as people read it: KiB below one MiB. */
const mib = (n: number): string =>
  n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls a job until it ends, telling `show` each state; resolves with the last. */
async function follow(id: string, show: (job: AppJob) => void): Promise<AppJob> {
  for (;;) {
    const job = await get<AppJob>(`/apps/jobs/${encodeURIComponent(id)}`);
    show(job);
    if (job.phase === 'done' || job.phase === 'failed') return job;
    await wait(250);
  }
}

function uploadForm(): HTMLElement {
  const file = h('input', {
    type: 'file',
    id: 'app-file',
    name: 'app',
    accept: '.apk,.xapk,.apks,.aab',
    required: true,
  }) as HTMLInputElement;
  const bar = h('progress', { id: 'app-progress', max: 100, value: 0, hidden: true });
  const status = h('p', { role: 'status', class: 'upload-status', 'aria-live': 'polite' });
  const show = (percent: number, text: string): void => {
    bar.hidden = false;
    bar.setAttribute('value', String(Math.round(percent)));
    bar.setAttribute('aria-valuetext', `${Math.round(percent)}%`);
    status.textContent = text;
  };
  const submit = async (f: File): Promise<void> => {
    show(0, `Uploading ${f.name} (${mib(f.size)})…`);
    const job = await uploadWithProgress<AppJob>('/apps', f, (sent, total) =>
      show((sent / Math.max(total, 1)) * 100, `Uploading ${f.name}: ${mib(sent)} of ${mib(total)}`),
    );
    const last = await follow(job.id, (j) =>
      show(j.percent, `${phaseWords[j.phase]}… ${Math.round(j.percent)}%`),
    );
    if (last.phase === 'failed' || last.reportId === undefined)
      throw new ApiFailure(422, last.error ?? 'the audit failed');
    show(100, last.duplicate === true ? 'Audited before: opening that report.' : 'Done.');
    navigate(`/apps/${last.reportId}`);
  };
  return h(
    'form',
    {
      class: 'upload',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = file.files?.[0];
        if (f === undefined) return void (status.textContent = 'Choose a file first.');
        submit(f).catch(
          (err: unknown) => (status.textContent = `Not audited: ${(err as Error).message}`),
        );
      },
    },
    h('label', { for: 'app-file' }, 'Audit an Android app: an APK, XAPK/APKS bundle or AAB'),
    file,
    h('button', { type: 'submit' }, 'Audit'),
    bar,
    status,
  );
}

const appName = (a: { package?: string; versionName?: string; file: string }): string =>
  `${a.package ?? a.file}${a.versionName !== undefined ? ` ${a.versionName}` : ''}`;

/** Saved audits as a table, each linking to its report. */
export function appsTable(caption: string, apps: readonly AppScanItem[]): Node {
  return table(
    caption,
    ['App', 'File', 'Audited', 'SDKs', 'PRC-based makers'],
    apps.map((a) => [
      h('a', { href: `/apps/${a.id}` }, appName(a)),
      a.file,
      a.scannedAt.replace('T', ' ').slice(0, 19),
      String(a.sdkCount),
      a.prcSdkCount > 0 ? h('strong', {}, String(a.prcSdkCount)) : '0',
    ]),
  );
}

export async function appsPage(main: HTMLElement): Promise<void> {
  const before = params().before;
  const page = await get<AppScanPage>('/apps', { before, limit: '50' });
  main.append(
    h('h1', {}, 'Apps'),
    h(
      'p',
      { class: 'lede' },
      'Which data-harvesting SDKs an Android app carries — ad, analytics, push, crash reporting, fingerprinting — who makes them and under which jurisdiction, read offline from the app file. ',
      h('a', { href: '/sdks' }, 'The SDKs the knowledge base knows'),
      '.',
    ),
    uploadForm(),
  );
  if (page.items.length === 0) {
    main.append(
      h(
        'p',
        { class: 'muted' },
        before === undefined
          ? 'No app audits saved yet. Upload an app above, or run sousveil app scan <file>.'
          : 'No older audits.',
      ),
    );
    return;
  }
  main.append(
    appsTable(
      before === undefined ? 'Saved app audits, newest first' : `Saved app audits before ${before}`,
      page.items,
    ),
    h(
      'p',
      { class: 'pager' },
      before !== undefined ? [h('a', { href: '/apps' }, 'Newest'), ' '] : '',
      page.nextBefore !== undefined
        ? h('a', { href: path('/apps', { before: String(page.nextBefore) }) }, 'Older audits')
        : '',
    ),
  );
}

function evidenceList(s: AppSdkLine): Node {
  return h(
    'ul',
    { class: 'evidence' },
    s.evidence.map((e) =>
      h(
        'li',
        {},
        `${e.kindLabel} `,
        h('code', {}, e.pattern),
        `: ${fmt.format(e.count)}${e.kind === 'package' ? (e.count === 1 ? ' class' : ' classes') : ''}`,
        e.samples.length > 0 && !(e.samples.length === 1 && e.samples[0] === e.pattern)
          ? h('span', { class: 'muted' }, ` (${e.samples.join(', ')})`)
          : '',
      ),
    ),
  );
}

function sdkTable(caption: string, sdks: readonly AppSdkLine[]): Node {
  return table(
    caption,
    ['SDK', 'Maker', 'Country', 'Categories', 'Evidence', 'Sources'],
    sdks.map((s) => [
      h('a', { href: `/sdks/${s.id}` }, s.name),
      [
        s.vendor !== undefined ? h('a', { href: `/vendors/${s.vendor.id}` }, s.maker) : s.maker,
        s.ownership !== undefined ? h('div', { class: 'muted' }, s.ownership) : '',
        s.restrictions.length > 0
          ? h(
              'div',
              {},
              h('span', { class: 'badge warn' }, 'restricted'),
              ` ${s.restrictions.join('; ')}`,
            )
          : '',
      ],
      s.jurisdiction === 'prc'
        ? h('strong', { class: 'prc' }, s.country?.name ?? 'China')
        : (s.country?.name ?? 'unknown'),
      s.categories.join(', '),
      evidenceList(s),
      cite(s.cites),
    ]),
  );
}

function permissions(p: AppReportView['permissions']): Node {
  const group = (title: string, list: readonly string[], note: string): Child =>
    list.length === 0
      ? ''
      : [
          h('h3', {}, `${title} (${list.length})`),
          h('p', { class: 'muted' }, note),
          h(
            'ul',
            { class: 'permissions' },
            list.map((x) => h('li', {}, h('code', {}, x))),
          ),
        ];
  return h(
    'section',
    {},
    h('h2', {}, 'Permissions by risk'),
    p.surveillance.length + p.dangerous.length + p.other.length === 0
      ? h('p', { class: 'muted' }, 'No permission requested (or no manifest read).')
      : [
          group('Surveillance powers', p.surveillance, 'What matters most for watching a user.'),
          group('Dangerous (runtime) permissions', p.dangerous, 'Android asks the user for these.'),
          group('Other', p.other, 'Normal and signature permissions.'),
        ],
  );
}

/** The report's notes the page does not already show (presence, packers, renamed packages). */
const otherNotes = (r: AppReportView): string[] =>
  r.notes.filter(
    (n) => n !== r.presenceNote && !n.startsWith('Packed by ') && !n.includes('renamed packages'),
  );

export async function appPage(main: HTMLElement, id: string): Promise<void> {
  const r = await get<AppReportView>(`/apps/${encodeURIComponent(id)}`);
  const prc = r.sdks.filter((s) => s.jurisdiction === 'prc').length;
  main.append(
    h('h1', {}, appName(r)),
    h(
      'p',
      { class: 'lede' },
      `${r.file} · ${r.format} · ${mib(r.sizeBytes)} · ${r.dexCount} DEX, ${fmt.format(r.classCount)} classes · audited ${r.scannedAt.replace('T', ' ').slice(0, 19)}`,
      r.versionCode !== undefined ? ` · version code ${r.versionCode}` : '',
      r.minSdk !== undefined ? ` · Android API ${r.minSdk}–${r.targetSdk ?? '?'}` : '',
    ),
    h(
      'p',
      { class: 'muted' },
      'SHA-256 ',
      h('code', { class: 'hash' }, r.sha256),
      r.signer !== undefined
        ? [
            h('br', {}),
            `Signed (${r.signer.scheme}) by ${r.signer.subject}; certificate SHA-256 `,
            h('code', { class: 'hash' }, r.signer.sha256),
          ]
        : [h('br', {}), 'No signing certificate found.'],
    ),
    h(
      'p',
      { class: 'downloads' },
      'Download: ',
      h('a', { href: apiUrl(`/apps/${r.id}`), download: `app-${r.id}.json` }, 'JSON'),
      ' · ',
      h(
        'a',
        { href: apiUrl(`/apps/${r.id}`, { format: 'html' }), download: `app-${r.id}.html` },
        'printable report (HTML)',
      ),
    ),
    h(
      'p',
      { class: 'presence-note', role: 'note' },
      h('strong', {}, 'Present in code — not proof that it runs.'),
      ' An SDK listed here is in the app’s files; whether the app calls it, and what it sends, the file alone cannot tell.',
    ),
    ...r.packers.map((p) =>
      h(
        'p',
        { class: 'packer', role: 'alert' },
        h('span', { class: 'badge warn' }, 'packed'),
        ` Packed by ${p.name} (${p.maker}): the DEX seen is a loader and the real classes are hidden, so the SDK list below is incomplete.`,
      ),
    ),
    r.obfuscatedShare >= 0.5
      ? h(
          'p',
          { class: 'muted' },
          `${Math.round(r.obfuscatedShare * 100)}% of classes have renamed packages: package rules can miss SDKs.`,
        )
      : '',
    h(
      'section',
      {},
      h(
        'h2',
        {},
        `SDKs found (${r.sdks.length}${prc > 0 ? `, ${prc} from PRC-based makers` : ''})`,
      ),
      r.sdks.length === 0
        ? h('p', { class: 'muted' }, 'No known SDK found.')
        : sdkTable(`${r.sdks.length} SDKs with the evidence of each`, r.sdks),
      r.packers.length > 0 ? sdkTable('Packers and protectors', r.packers) : '',
    ),
    permissions(r.permissions),
    h(
      'section',
      {},
      h('h2', {}, 'Hosts of SDK makers’ clouds in the app’s strings'),
      r.vendorHosts.length === 0
        ? h('p', { class: 'muted' }, 'None found.')
        : table(
            `${r.vendorHosts.length} hosts`,
            ['Host', 'SDK'],
            r.vendorHosts.map((v) => [
              h('code', {}, v.host),
              h('a', { href: `/sdks/${v.sdk.id}` }, v.sdk.name),
            ]),
          ),
    ),
    r.nativeLibs.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Native libraries'),
          table(
            `${r.nativeLibs.length} libraries`,
            ['Library', 'ABIs', 'soname'],
            r.nativeLibs.map((l) => [h('code', {}, l.name), l.abis.join(', '), l.soname ?? '—']),
          ),
        )
      : '',
    otherNotes(r).length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Notes'),
          h(
            'ul',
            {},
            otherNotes(r).map((n) => h('li', {}, n)),
          ),
        )
      : '',
    sourceList(r.sources),
  );
}
