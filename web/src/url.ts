// Every view lives in its URL: the path names the page, the query holds its state (filters, map
// position, a search, an identify question). Reloading or sharing a URL shows the same view.

/** The current page's query as a plain record. */
export function params(): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/** Changes some query values of the current URL without a new history entry or a reload. */
export function setParams(changes: Record<string, string | undefined>): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  history.replaceState(history.state, '', `${location.pathname}${s === '' ? '' : `?${s}`}`);
}

/** A path of the observatory with a query. */
export function path(p: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s === '' ? p : `${p}?${s}`;
}
