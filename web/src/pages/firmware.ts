// Firmware audits: upload an image (scanned behind the request; its progress polled), the saved
// audits newest first, and one audit: identity, advisories with KEV status, indicators, components.
import { apiUrl, get, upload } from '../api.js';
import { h, table } from '../dom.js';
import { navigate } from '../nav.js';
import type { FirmwareJob, FirmwareReportDoc, FirmwareScanSummary } from '../types.js';

const maxUploadMiB = 64;
const pollMs = 700;

function uploadForm(): HTMLElement {
  const file = h('input', {
    type: 'file',
    id: 'fw-file',
    name: 'image',
    required: true,
  }) as HTMLInputElement;
  const status = h('p', { role: 'status', class: 'upload-status' });
  const follow = (job: FirmwareJob): void => {
    if (job.state === 'done' && job.scanId !== undefined) {
      status.textContent = `${job.file}: saved as audit ${job.scanId}.`;
      navigate(`/firmware/${job.scanId}`);
      return;
    }
    if (job.state === 'failed') {
      status.textContent = `${job.file}: ${job.error ?? 'could not be scanned'}`;
      return;
    }
    status.textContent = `${job.file}: ${job.state === 'queued' ? 'waiting for the images before it' : job.stage}…`;
    setTimeout(() => {
      get<FirmwareJob>(`/firmware/jobs/${job.id}`).then(follow, (err: unknown) => {
        status.textContent = `Lost track of the upload: ${(err as Error).message}`;
      });
    }, pollMs);
  };
  return h(
    'form',
    {
      class: 'upload',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = file.files?.[0];
        if (f === undefined) return void (status.textContent = 'Choose a file first.');
        if (f.size > maxUploadMiB * 1024 * 1024)
          return void (status.textContent = `${f.name} is larger than ${maxUploadMiB} MiB; scan it with sousveil firmware scan instead.`);
        status.textContent = `Uploading ${f.name}…`;
        upload<FirmwareJob>('/firmware', f, 'application/octet-stream').then(
          follow,
          (err: unknown) => {
            status.textContent = `Upload refused: ${(err as Error).message}`;
          },
        );
      },
    },
    h(
      'label',
      { for: 'fw-file' },
      `A Hikvision digicap.dav or a Dahua .bin image (at most ${maxUploadMiB} MiB)`,
    ),
    file,
    h('button', { type: 'submit' }, 'Scan'),
    status,
  );
}

export async function firmwarePage(main: HTMLElement): Promise<void> {
  const scans = await get<FirmwareScanSummary[]>('/firmware');
  main.append(
    h('h1', {}, 'Firmware audits'),
    h(
      'p',
      { class: 'muted' },
      'Which maker and OEM built an image, for which models, which build it is, which known advisories apply, and what it holds. Found in the image is not proof that it runs.',
    ),
    uploadForm(),
  );
  if (scans.length === 0) {
    main.append(
      h(
        'p',
        { class: 'muted' },
        'No firmware audits saved yet. Upload an image above, or run sousveil firmware scan.',
      ),
    );
    return;
  }
  main.append(
    table(
      `${scans.length} saved firmware audits`,
      ['Audit', 'File', 'Maker / brand', 'Version', 'Built', 'Affected (KEV)', 'Indicators'],
      scans.map((s) => [
        h('a', { href: `/firmware/${s.id}` }, `Audit ${s.id}`),
        s.file,
        `${s.maker ?? 'unknown'}${s.brand === undefined ? '' : ` / ${s.brand}`}`,
        s.version ?? '—',
        s.buildDate ?? '—',
        `${s.affectedCount} (${s.kevCount})`,
        String(s.indicatorCount),
      ]),
    ),
  );
}

export async function firmwareReportPage(main: HTMLElement, id: string): Promise<void> {
  const r = await get<FirmwareReportDoc>(`/firmware/${id}`);
  const i = r.identity;
  const facts: [string, string][] = [
    ['Maker', i.maker?.name ?? 'unknown'],
    ['Brand', i.brand?.name ?? '—'],
    ['Container', `${r.container}${r.encrypted ? ' (encrypted)' : ''}`],
    ['Version', i.version ?? '—'],
    ['Build date', i.buildDate ?? '—'],
    ['Product line / type', `${i.productLine ?? '—'} / ${i.deviceType ?? '—'}`],
    ['Platform', i.platform ?? '—'],
    ['Families', i.families.join(', ') || '—'],
    ['Models', i.models.join(', ') || '—'],
    ['Language', i.language ?? '—'],
    ['Relations', i.relations.join('; ') || '—'],
    ['Maker covered by', i.restrictions.join('; ') || '—'],
  ];
  main.append(
    h('h1', {}, r.file),
    h(
      'p',
      {},
      h(
        'a',
        { href: apiUrl(`/firmware/${id}`, { format: 'html' }), download: `firmware-${id}.html` },
        'Printable report (HTML)',
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    table(
      'Advisories',
      ['Status', 'CVE', 'Title', 'KEV', 'Why'],
      r.advisories.map((a) => [
        a.status,
        a.cve,
        `${a.title} (${a.product})`,
        a.kev === undefined ? '—' : `since ${a.kev.added}`,
        a.reason ?? '',
      ]),
    ),
    table(
      'Indicators',
      ['Severity', 'Indicator', 'Where'],
      r.indicators.map((x) => [x.severity, x.title, x.hits.map((hit) => hit.path).join(', ')]),
    ),
    table(
      'Components',
      ['Component', 'Version', 'Seen in'],
      r.components.map((c) => [c.name, c.version, c.files.join(', ')]),
    ),
    h('h2', {}, 'Notes'),
    h(
      'ul',
      {},
      r.notes.map((n) => h('li', {}, n)),
    ),
  );
}
