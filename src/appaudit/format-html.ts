import type { Kb } from '../kb/index.js';
import { citeSources, esc, htmlReport } from '../shared/html-report.js';
import { presenceNote, type AppReport, type SdkReport } from './report.js';

/** A self-contained, printable report of one or more apps (no script, no request elsewhere). */
export function formatAppHtml(reports: readonly AppReport[], kb: Kb): string {
  const cited = new Set<string>();
  return htmlReport({
    title: 'sousveil app audit',
    heading: 'App audit',
    note: `${presenceNote} Makers, countries and restrictions come from sourced kb records.`,
    body: reports.map((r) => app(r, cited)).join('\n'),
    cited,
    sources: kb.sources,
  });
}

function app(r: AppReport, cited: Set<string>): string {
  const rows = r.sdks.map((s) => sdkRow(s, cited)).join('');
  const perms = (['surveillance', 'dangerous'] as const)
    .map(
      (k) =>
        `<tr><th>${k}</th><td>${r.permissions[k].map((p) => `<code>${esc(p)}</code>`).join(' ')}</td></tr>`,
    )
    .join('');
  return `<section><h2>${esc(r.package ?? r.file)} ${esc(r.versionName ?? '')}</h2>
<p>${esc(r.file)} · ${esc(r.format)} · ${r.dex.length} DEX, ${r.classCount} classes · sha256 <code>${esc(r.sha256)}</code>${
    r.signer === undefined
      ? ''
      : `<br>signed (${esc(r.signer.scheme)}) by ${esc(r.signer.subject)} · certificate sha256 <code>${esc(r.signer.sha256)}</code>`
  }</p>
<table><tr><th>SDK</th><th>Maker</th><th>Country</th><th>Categories</th><th>Evidence</th><th>Sources</th></tr>${rows || '<tr><td colspan="6">No known SDK found.</td></tr>'}</table>
${r.packers.map((p) => `<p class="bad">Packed by ${esc(p.name)}: the class list is incomplete.</p>`).join('')}
<table>${perms}</table>
<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}

function sdkRow(s: SdkReport, cited: Set<string>): string {
  const flag =
    s.restrictions.length > 0
      ? ` <span class="bad">covered by ${esc(s.restrictions.join('; '))}</span>`
      : '';
  const evidence = s.evidence
    .map(
      (e) =>
        `${esc(e.kind)} <code>${esc(e.pattern)}</code>: ${e.count}${e.kind === 'package' ? ' classes' : ''} (${e.samples.map(esc).join(', ')})`,
    )
    .join('<br>');
  return `<tr><td>${esc(s.name)}</td><td>${esc(s.maker)}${s.ownership === undefined ? '' : `<br><small>${esc(s.ownership)}</small>`}${flag}</td>
<td${s.jurisdiction === 'prc' ? ' class="bad"' : ''}>${esc(s.country ?? 'unknown')}</td><td>${esc(s.categories.join(', '))}</td><td>${evidence}</td>
<td>${citeSources(s.sources, cited)}</td></tr>`;
}
