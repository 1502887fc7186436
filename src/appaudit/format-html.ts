import type { Kb } from '../kb/index.js';
import { presenceNote, type AppReport, type SdkReport } from './report.js';

const esc = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}.prc{color:#a00;font-weight:700}
.app{break-inside:avoid;border:1px solid #ccc;padding:.5rem 1rem;margin:1rem 0}code{font-size:.9em}small{color:#555}@media print{body{margin:0}a{color:inherit}}`;

/** A self-contained, printable report of one or more apps (no script, no request elsewhere). */
export function formatAppHtml(reports: readonly AppReport[], kb: Kb): string {
  const cited = new Set<string>();
  const body = reports.map((r) => app(r, cited)).join('\n');
  const sources = [...cited]
    .map((id) => kb.sources.get(id))
    .filter((s) => s !== undefined)
    .map(
      (s) =>
        `<li id="src-${esc(s.id)}">${esc(s.publisher)}, <a href="${esc(s.url)}">${esc(s.title)}</a> (${esc(s.date)})</li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>sousveil app audit</title><style>${style}</style></head><body>
<h1>App audit</h1><p><small>${esc(presenceNote)} Makers, countries and restrictions come from sourced kb records.</small></p>
${body}
<h2>Sources</h2><ol>${sources}</ol></body></html>\n`;
}

function app(r: AppReport, cited: Set<string>): string {
  const rows = r.sdks.map((s) => sdkRow(s, cited)).join('');
  const perms = (['surveillance', 'dangerous'] as const)
    .map(
      (k) =>
        `<tr><th>${k}</th><td>${r.permissions[k].map((p) => `<code>${esc(p)}</code>`).join(' ')}</td></tr>`,
    )
    .join('');
  return `<section class="app"><h2>${esc(r.package ?? r.file)} ${esc(r.versionName ?? '')}</h2>
<p>${esc(r.file)} · ${esc(r.format)} · ${r.dex.length} DEX, ${r.classCount} classes · sha256 <code>${esc(r.sha256)}</code>${
    r.signer === undefined
      ? ''
      : `<br>signed (${esc(r.signer.scheme)}) by ${esc(r.signer.subject)} · certificate sha256 <code>${esc(r.signer.sha256)}</code>`
  }</p>
<table><tr><th>SDK</th><th>Maker</th><th>Country</th><th>Categories</th><th>Evidence</th><th>Sources</th></tr>${rows || '<tr><td colspan="6">No known SDK found.</td></tr>'}</table>
${r.packers.map((p) => `<p class="prc">Packed by ${esc(p.name)}: the class list is incomplete.</p>`).join('')}
<table>${perms}</table>
<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}

function sdkRow(s: SdkReport, cited: Set<string>): string {
  for (const id of s.sources) cited.add(id);
  const flag =
    s.restrictions.length > 0
      ? ` <span class="prc">covered by ${esc(s.restrictions.join('; '))}</span>`
      : '';
  const evidence = s.evidence
    .map(
      (e) =>
        `${esc(e.kind)} <code>${esc(e.pattern)}</code>: ${e.count}${e.kind === 'package' ? ' classes' : ''} (${e.samples.map(esc).join(', ')})`,
    )
    .join('<br>');
  return `<tr><td>${esc(s.name)}</td><td>${esc(s.maker)}${s.ownership === undefined ? '' : `<br><small>${esc(s.ownership)}</small>`}${flag}</td>
<td${s.jurisdiction === 'prc' ? ' class="prc"' : ''}>${esc(s.country ?? 'unknown')}</td><td>${esc(s.categories.join(', '))}</td><td>${evidence}</td>
<td>${s.sources.map((id) => `<a href="#src-${esc(id)}">${esc(id)}</a>`).join(' ')}</td></tr>`;
}
