import type { Kb } from '../kb/index.js';
import { citeSources as cite, esc, htmlReport } from '../shared/html-report.js';
import type { FirmwareReport } from './report.js';

/** A self-contained, printable report of one or more images (no script, no request elsewhere). */
export function formatFirmwareHtml(reports: readonly FirmwareReport[], kb: Kb): string {
  const cited = new Set<string>();
  return htmlReport({
    title: 'sousveil firmware audit',
    heading: 'Firmware audit',
    note: 'Makers, advisories, indicators and components come from sourced kb records. Found in the image is not proof that it runs.',
    body: reports.map((r) => image(r, cited)).join('\n'),
    cited,
    sources: kb.sources,
  });
}

function image(r: FirmwareReport, cited: Set<string>): string {
  const id = r.identity;
  const facts: [string, string][] = [
    ['Maker', id.maker?.name ?? 'unknown'],
    ['Brand', id.brand?.name ?? '—'],
    ['Container', `${r.container}${r.encrypted ? ' (encrypted)' : ''}`],
    ['Version', id.version ?? '—'],
    ['Build date', id.buildDate ?? '—'],
    ['Product line / type', `${id.productLine ?? '—'} / ${id.deviceType ?? '—'}`],
    ['Platform', id.platform ?? '—'],
    ['Families', id.families.join(', ') || '—'],
    ['Models', id.models.join(', ') || '—'],
    ['Language', id.language ?? '—'],
    ['Relations', id.relations.join('; ') || '—'],
    ['Maker covered by', id.restrictions.join('; ') || '—'],
  ];
  const advisories = r.advisories
    .map(
      (
        a,
      ) => `<tr><td${a.status === 'affected' ? ' class="bad"' : ''}>${esc(a.status)}</td><td>${esc(a.cve)}</td><td>${esc(a.title)}<br><small>${esc(a.product)}${a.reason === undefined ? '' : ` — ${esc(a.reason)}`}</small></td>
<td>${a.kev === undefined ? '—' : `since ${esc(a.kev.added)}`}</td><td>${cite(a.sources, cited)}</td></tr>`,
    )
    .join('');
  const indicators = r.indicators
    .map(
      (i) =>
        `<tr><td${i.severity === 'high' ? ' class="bad"' : ''}>${esc(i.severity)}</td><td>${esc(i.title)}</td><td>${i.hits.map((h) => `<code>${esc(h.path)}</code>: <code>${esc(h.match)}</code>`).join('<br>')}</td><td>${cite(i.sources, cited)}</td></tr>`,
    )
    .join('');
  const components = r.components
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${esc(c.version)}</td><td><code>${esc(c.purl)}</code></td><td>${c.files.map((f) => `<code>${esc(f)}</code>`).join('<br>')}</td><td>${cite(c.sources, cited)}</td></tr>`,
    )
    .join('');
  return `<section><h2>${esc(r.file)}</h2><p>sha256 <code>${esc(r.sha256)}</code> · ${r.sizeBytes} bytes · ${r.layers.length} layers · ${r.fileCount} files searched</p>
<table>${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h3>Advisories</h3><table><tr><th>Status</th><th>CVE</th><th>Title</th><th>KEV</th><th>Sources</th></tr>${advisories || '<tr><td colspan="5">No kb advisory applies.</td></tr>'}</table>
<h3>Indicators</h3><table><tr><th>Severity</th><th>Indicator</th><th>Where</th><th>Sources</th></tr>${indicators || '<tr><td colspan="4">None found.</td></tr>'}</table>
<h3>Components</h3><table><tr><th>Component</th><th>Version</th><th>purl</th><th>Seen in</th><th>Sources</th></tr>${components || '<tr><td colspan="5">None found.</td></tr>'}</table>
<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}
