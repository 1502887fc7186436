import type { HostVerdict } from '../fuse.js';
import { sortHosts, summarize } from './table.js';

export interface HtmlReportMeta {
  title: string;
  generatedAt: string;
  targets: readonly string[];
  /** Source id -> citation, for the sources the report cites. */
  sources: ReadonlyMap<string, { publisher: string; title: string; url: string; date: string }>;
}

const esc = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111}h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}.covered{color:#a00;font-weight:700}
.host{break-inside:avoid;border:1px solid #ccc;padding:.5rem 1rem;margin:1rem 0}small{color:#555}@media print{body{margin:0}a{color:inherit}}`;

/** A self-contained, printable compliance report: summary by maker and restriction, then each device with its evidence. */
export function formatHostHtml(hosts: readonly HostVerdict[], meta: HtmlReportMeta): string {
  const devices = sortHosts(hosts)
    .filter((h) => h.maker !== undefined)
    .map((h) => {
      const cited = new Set<string>();
      return { html: deviceHtml(h, cited), sources: [...cited] };
    });
  return [...htmlReport(summarize(hosts), restrictionCounts(hosts), devices, meta)].join('');
}

/** How many hosts each restriction reaches (`jurisdiction short`), in order of first reach. */
export function restrictionCounts(hosts: Iterable<HostVerdict>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const h of hosts) countRestrictions(counts, h);
  return counts;
}

/** Adds one host's restrictions to the counts. */
export function countRestrictions(counts: Map<string, number>, h: HostVerdict): void {
  for (const r of h.restrictions) {
    const key = `${r.jurisdiction} ${r.short}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}

/**
 * The report in pieces: head and summary, each identified device's section (in report order,
 * taken one by one, with the sources it cites), then every source cited.
 */
export function* htmlReport(
  s: ReturnType<typeof summarize>,
  byRestriction: ReadonlyMap<string, number>,
  devices: Iterable<{ html: string; sources: readonly string[] }>,
  meta: HtmlReportMeta,
): Generator<string> {
  yield `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${esc(meta.title)}</title><style>${style}</style></head><body>
<h1>${esc(meta.title)}</h1><p><small>Generated ${esc(meta.generatedAt)} by sousveil for ${esc(meta.targets.join(', '))}. Statuses derive from sourced records; they are not legal advice.</small></p>
<h2>Summary</h2><p>${s.hosts} hosts answered; ${s.identified} identified; <span class="covered">${s.covered} covered</span>; ${s.vulnerable} with firmware in a known-exploited range.</p>
<table><tr><th>Maker</th><th>Devices</th></tr>${Object.entries(s.byMaker)
    .map(([m, n]) => `<tr><td>${esc(m)}</td><td>${n}</td></tr>`)
    .join('')}</table>
<table><tr><th>Restriction</th><th>Devices it reaches</th></tr>${[...byRestriction].map(([r, n]) => `<tr><td>${esc(r)}</td><td>${n}</td></tr>`).join('')}</table>
<h2>Devices</h2>`;
  const cited = new Set<string>();
  let first = true;
  for (const d of devices) {
    for (const id of d.sources) cited.add(id);
    yield `${first ? '' : '\n'}${d.html}`;
    first = false;
  }
  if (first) yield '<p>No device was identified.</p>';
  yield `
<h2>Sources</h2><ol>${[...cited].map((id) => citation(id, meta)).join('')}</ol></body></html>\n`;
}

/** One device's section of the report; the sources its evidence cites are added to `cited`. */
export function deviceHtml(h: HostVerdict, cited: Set<string>): string {
  const name = h.brandName ? `${h.makerName ?? ''} (sold as ${h.brandName})` : (h.makerName ?? '');
  const evidence = h.evidence
    .map((e) => {
      for (const src of e.sources) cited.add(src);
      return `<tr><td>${esc(e.probe)}</td><td><code>${esc(e.seen)}</code></td><td>${esc(e.fingerprint)}</td><td>${e.weight}</td></tr>`;
    })
    .join('');
  const restrictions = h.restrictions
    .map(
      (r) =>
        `<li>${esc(`${r.jurisdiction} ${r.short}: ${r.status}${r.since ? ` since ${r.since}` : ''}`)}</li>`,
    )
    .join('');
  const advisories = h.advisoryDetails
    .map(
      (a) =>
        `<li>${esc(`${a.cve}: ${a.status === 'affected' ? 'affected' : `may apply — ${a.reason ?? 'not enough known'}`}${a.kevAdded ? `, CISA KEV since ${a.kevAdded}` : ''}. ${a.title}. Affects ${a.scope}.`)}</li>`,
    )
    .join('');
  return `<section class="host"><h3>${esc(h.address)} — ${esc(name)} ${h.covered ? '<span class="covered">COVERED</span>' : ''}</h3>
<p>Model ${esc(h.model ?? 'unknown')}, firmware ${esc(h.firmware ?? 'unknown')}, MAC ${esc(h.mac ?? 'unknown')}, device type ${esc(h.deviceType ?? 'unknown')}${h.deviceTypeBasis ? ` (${esc(h.deviceTypeBasis)})` : ''}, confidence ${esc(h.confidence ?? '-')}.</p>${h.brandConflicts ? `<p>Other labels named: ${esc(h.brandConflicts.map((b) => `${b.brand} (${b.evidence.join('; ')})`).join(', '))}</p>` : ''}
${h.notes ? `<p>Notes:</p><ul>${h.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}${restrictions ? `<p>Restrictions:</p><ul>${restrictions}</ul>` : ''}${advisories ? `<p>Advisories:</p><ul>${advisories}</ul>` : ''}
<p>Remediation: ${esc(remediation(h))}</p>
<table><tr><th>Probe</th><th>Seen</th><th>Fingerprint</th><th>Weight</th></tr>${evidence}</table></section>`;
}

/** A plain next step for the device's status; not legal advice. */
export function remediation(h: HostVerdict): string {
  const steps: string[] = [];
  if (h.covered)
    steps.push(
      'Plan removal or replacement; until then isolate it on a segment without internet access or access to core networks.',
    );
  if (h.advisories.length > 0)
    steps.push(
      `Update the firmware past the affected range of ${h.advisories.join(', ')} or take it offline.`,
    );
  if (steps.length === 0)
    steps.push(
      'No restriction named in the knowledge base reaches this device; keep its firmware current.',
    );
  return steps.join(' ');
}

function citation(id: string, meta: HtmlReportMeta): string {
  const s = meta.sources.get(id);
  return s
    ? `<li>${esc(`${s.publisher}, "${s.title}" (${s.date})`)} <a href="${esc(s.url)}">${esc(s.url)}</a></li>`
    : `<li>${esc(id)}</li>`;
}
