// Downloads of what a list or table shows: the API's own rows, as CSV or JSON.
import { apiUrl } from '../api.js';
import { h } from '../dom.js';

/** Links to the same rows the page shows, as CSV and JSON. */
export function downloads(
  path: string,
  query: Record<string, string | undefined>,
  name: string,
): Node {
  return h(
    'p',
    { class: 'downloads' },
    'Download: ',
    h('a', { href: apiUrl(path, { ...query, format: 'csv' }), download: `${name}.csv` }, 'CSV'),
    ' · ',
    h('a', { href: apiUrl(path, query), download: `${name}.json` }, 'JSON'),
  );
}

const formula = /^[=+\-@\t\r]/;

function cell(s: string): string {
  const safe = formula.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A link that downloads the given rows (the table's own text) as CSV. */
export function csvLink(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  name: string,
): HTMLElement {
  const text = [head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  const a = h('a', { download: `${name}.csv` }, 'CSV') as HTMLAnchorElement;
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  return a;
}
