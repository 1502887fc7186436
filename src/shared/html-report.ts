// The shell of the self-contained, printable HTML reports (app and firmware audits): escaping,
// citations of kb sources, and a page with no script and no request to anywhere (its CSP says so).
// Pure: the report's body is made by its domain.

/** Text made safe for HTML content and attribute values. */
export function esc(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Links to sources by id, remembering them for the list at the end of the report. */
export function citeSources(ids: readonly string[], cited: Set<string>): string {
  return ids
    .map((id) => {
      cited.add(id);
      return `<a href="#src-${esc(id)}">${esc(id)}</a>`;
    })
    .join(' ');
}

/** A source as the list at the end shows it. */
export interface ReportSource {
  id: string;
  publisher: string;
  url: string;
  title: string;
  date: string;
}

const baseStyle = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}.bad{color:#a00;font-weight:700}
section{break-inside:avoid;border:1px solid #ccc;padding:.5rem 1rem;margin:1rem 0}code{font-size:.9em}small{color:#555}@media print{body{margin:0}a{color:inherit}}`;

/** The whole page: `body` (already HTML) under a heading and a note, then the sources it cited. */
export function htmlReport(page: {
  title: string;
  heading: string;
  note: string;
  body: string;
  cited: ReadonlySet<string>;
  sources: ReadonlyMap<string, ReportSource>;
}): string {
  const sources = [...page.cited]
    .map((id) => page.sources.get(id))
    .filter((s) => s !== undefined)
    .map(
      (s) =>
        `<li id="src-${esc(s.id)}">${esc(s.publisher)}, <a href="${esc(s.url)}">${esc(s.title)}</a> (${esc(s.date)})</li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${esc(page.title)}</title><style>${baseStyle}</style></head><body>
<h1>${esc(page.heading)}</h1><p><small>${esc(page.note)}</small></p>
${page.body}
<h2>Sources</h2><ol>${sources}</ol></body></html>\n`;
}
