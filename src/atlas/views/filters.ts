// Filters of project lists (pure): the same rules for the API, the map and the downloads, so a
// filtered view, its URL and its CSV agree.
import type { ProjectItem } from '../../contract/atlas.js';

export interface ProjectFilters {
  vendor?: string;
  kind?: string;
  class?: string;
  capability?: string;
  financier?: string;
  country?: string;
  status?: string;
  /** Start year range, inclusive; undated projects are left out when either bound is set. */
  from?: number;
  to?: number;
}

/** Whether a project passes every filter given. */
export function matchesProject(p: ProjectItem, f: ProjectFilters): boolean {
  if (f.vendor !== undefined && !p.suppliers.some((s) => s.id === f.vendor)) return false;
  if (f.kind !== undefined && p.kind !== f.kind) return false;
  if (f.class !== undefined && p.class !== f.class) return false;
  if (f.capability !== undefined && !p.capabilities.some((c) => c.id === f.capability))
    return false;
  if (f.financier !== undefined && !p.financiers.some((x) => x.id === f.financier)) return false;
  if (f.country !== undefined && p.country.id !== f.country) return false;
  if (f.status !== undefined && p.status !== f.status) return false;
  if (f.from !== undefined && (p.year === undefined || p.year < f.from)) return false;
  if (f.to !== undefined && (p.year === undefined || p.year > f.to)) return false;
  return true;
}
