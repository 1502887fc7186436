// Finding the route of a request, and its query string in one canonical form: only the
// parameters the route declares, each once, sorted — so `?bust=N` cannot fill the cache.
import { HttpError } from '../shared/errors.js';
import { routes, type Route } from './api.js';

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** The route for `method` and `path` (under /api/v1), or why there is none. */
export function matchRoute(method: string, path: string): Match | 'method' | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let wrongMethod = false;
  for (const route of routes) {
    const params = matchPattern(route.path, parts);
    if (params === undefined) continue;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
      wrongMethod = true;
      continue;
    }
    return { route, params };
  }
  return wrongMethod ? 'method' : undefined;
}

function matchPattern(path: string, parts: readonly string[]): Record<string, string> | undefined {
  const pattern = path.split('/').filter((p) => p !== '');
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, p] of pattern.entries()) {
    const part = parts[i] ?? '';
    if (p.startsWith(':')) params[p.slice(1)] = part;
    else if (p !== part) return undefined;
  }
  return params;
}

/**
 * The query the route declares, sorted, as a string; a parameter it does not declare, or one
 * given twice, is a 400 naming it.
 */
export function canonicalQuery(route: Route, query: URLSearchParams): string {
  const known = new Set((route.params ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (!known.has(name))
      throw new HttpError(
        400,
        `unknown query parameter "${clip(name)}" on ${route.path}` +
          (known.size > 0 ? ` (it takes ${[...known].join(', ')})` : ' (it takes none)'),
      );
    if (seen.has(name)) throw new HttpError(400, `query parameter "${name}" is given twice`);
    seen.add(name);
  }
  const sorted = new URLSearchParams([...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sorted.toString();
}

const clip = (s: string): string => (s.length > 64 ? `${s.slice(0, 64)}…` : s);
