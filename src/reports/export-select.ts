// Which reports an export takes (pure, over the store's interface): accepted ones, inside a box if
// one is given, or the ones a moderator names for an evidence pack, with their photos and decisions.
import { UserError } from '../shared/errors.js';
import type {
  BoundingBox,
  ReportDecision,
  ReportStatus,
  Store,
  StoredReport,
} from '../store/index.js';

/** Most reports one export holds (an export is built in memory). */
export const MAX_EXPORT_REPORTS = 50_000;

/** Most reports one evidence pack holds (their photos are held in memory while it is written). */
export const MAX_PACK_REPORTS = 2_000;

const inBox = (r: StoredReport, b: BoundingBox): boolean =>
  r.lat >= b.south && r.lat <= b.north && r.lon >= b.west && r.lon <= b.east;

/** Reports of one status (accepted by default), oldest first, inside `box` if given. */
export async function reportsWithStatus(
  store: Store,
  options: { status?: ReportStatus; box?: BoundingBox; max?: number } = {},
): Promise<StoredReport[]> {
  const max = options.max ?? MAX_EXPORT_REPORTS;
  const status = options.status ?? 'accepted';
  const all = await store.reports.list({ status, limit: max + 1 });
  if (all.length > max)
    throw new UserError(`more than ${max} ${status} reports: export them by area (--bbox)`);
  const box = options.box;
  return box === undefined ? all : all.filter((r) => inBox(r, box));
}

/** The reports named by id, in that order; an unknown id is a UserError naming it. */
export async function reportsById(store: Store, ids: readonly string[]): Promise<StoredReport[]> {
  if (ids.length > MAX_PACK_REPORTS)
    throw new UserError(`more than ${MAX_PACK_REPORTS} reports named: make several packs`);
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => store.reports.get(id)));
  const missing = unique.find((_, i) => found[i] === undefined);
  if (missing !== undefined) throw new UserError(`report "${missing.slice(0, 40)}" not found`);
  return found as StoredReport[];
}

/** The stored photos and the decisions of `reports`, by report id. */
export async function photosAndDecisions(
  store: Store,
  reports: readonly StoredReport[],
): Promise<{
  photos: Map<string, Uint8Array>;
  decisions: Map<string, ReportDecision[]>;
}> {
  const photos = new Map<string, Uint8Array>();
  const decisions = new Map<string, ReportDecision[]>();
  for (const r of reports) {
    if (r.photo !== undefined) {
      const p = await store.reports.photo(r.id);
      if (p !== undefined) photos.set(r.id, p.bytes);
    }
    decisions.set(r.id, await store.reports.decisions(r.id));
  }
  return { photos, decisions };
}
