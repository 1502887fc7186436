// Handlers of the API's larger routes: subject pages and the vendor page.
import { findSubject, showSubject } from '../atlas/show.js';
import { describeVendor, restrictionReaches } from '../kb/index.js';
import { HttpError } from '../shared/errors.js';
import { notFound, type ApiContext } from './api-types.js';

/** A scan id from the path, or a 400 naming it. */
export function scanId(raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new HttpError(400, `scan id "${raw ?? ''}" is not a number`);
  return n;
}

/** A country's or project's page from the atlas. */
export async function subjectPage(
  ctx: ApiContext,
  query: string,
  kind: 'country' | 'project',
): Promise<unknown> {
  const atlas = await ctx.atlas();
  const subject = findSubject(atlas, ctx.kb, decodeURIComponent(query));
  if (subject?.kind !== kind) return notFound(kind);
  return showSubject(atlas, ctx.kb, subject);
}

/** A vendor's page: the kb's view of it and the atlas's. */
export async function vendorPage(ctx: ApiContext, query: string): Promise<unknown> {
  const atlas = await ctx.atlas();
  const subject = findSubject(atlas, ctx.kb, decodeURIComponent(query));
  if (subject?.kind !== 'vendor') return notFound('vendor');
  const vendor = ctx.kb.vendors.get(subject.id);
  const verdict = describeVendor(ctx.kb, subject.id, ctx.today());
  const related = ctx.kb.relations.filter((r) => r.from === subject.id || r.to === subject.id);
  const sourceIds = new Set<string>([
    ...(vendor?.sources ?? []),
    ...verdict.sources,
    ...related.flatMap((r) => r.sources),
  ]);
  return {
    vendor,
    verdict,
    relations: related.map((r) => ({
      ...r,
      fromName: ctx.kb.vendors.get(r.from)?.name ?? r.from,
      toName: ctx.kb.vendors.get(r.to)?.name ?? r.to,
    })),
    // Only the instruments that reach this vendor; "PRC-based but not named" is not a restriction.
    restrictions: ctx.kb.restrictions
      .filter((r) =>
        verdict.restrictions.some((v) => v.restriction === r.id && restrictionReaches(v.status)),
      )
      .map((r) => ({
        id: r.id,
        short: r.short,
        title: r.title,
        jurisdiction: r.jurisdiction,
        kind: r.kind,
        announced: r.announced,
        effective: r.effective,
        until: r.until,
        status: verdict.restrictions.find((v) => v.restriction === r.id)?.status,
        sources: r.sources,
      })),
    fingerprints: ctx.kb.fingerprints
      .filter((f) => f.vendor === subject.id && f.kind !== 'mac-prefix')
      .map((f) => ({
        id: f.id,
        kind: f.kind,
        match: f.match,
        pattern: f.pattern,
        example: f.examples[0],
        weight: f.weight,
        ...(f.brand !== undefined ? { brand: f.brand } : {}),
        sources: f.sources,
      })),
    macPrefixes: ctx.kb.fingerprints.filter(
      (f) => f.vendor === subject.id && f.kind === 'mac-prefix',
    ).length,
    advisories: ctx.kb.advisories.filter((a) => a.vendors.includes(subject.id)),
    atlas: showSubject(atlas, ctx.kb, subject),
    sources: [...sourceIds].map((s) => ctx.kb.sources.get(s) ?? { id: s }),
  };
}
