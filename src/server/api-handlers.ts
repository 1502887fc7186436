// Handlers of the API's larger routes: subject pages, the vendor page and scan uploads.
import { findSubject, showSubject } from '../atlas/show.js';
import { describeVendor, restrictionReaches } from '../kb/index.js';
import type { HostVerdict } from '../netaudit/fuse.js';
import { identifyHost } from '../netaudit/fuse.js';
import { detectFormat, parseImport } from '../netaudit/import/index.js';
import { looksLikeSousveilJson, parseSousveilJson } from '../netaudit/import/sousveil-json.js';
import { saveRun } from '../netaudit/runs.js';
import type { HostObservations } from '../netaudit/observation.js';
import { ApiError, notFound, type ApiContext, type ApiRequest } from './api-types.js';

export function scanId(raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new ApiError(400, `scan id "${raw ?? ''}" is not a number`);
  return n;
}

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

export async function uploadScan(ctx: ApiContext, req: ApiRequest): Promise<unknown> {
  const body = req.body ?? new Uint8Array();
  if (body.length === 0) throw new ApiError(400, 'the upload is empty');
  const name = (req.query.get('name') ?? 'upload').replace(/[^\w.-]+/g, '_').slice(0, 100);
  const startedAt = ctx.now();
  const text = new TextDecoder().decode(body.subarray(0, 64));
  let hosts: HostVerdict[];
  let format: string;
  try {
    if (looksLikeSousveilJson(text) || req.contentType === 'application/json') {
      format = 'sousveil-json';
      hosts = parseSousveilJson(new TextDecoder().decode(body), name);
    } else {
      const detected = detectFormat(name, body);
      if (detected !== 'nmap-xml')
        throw new ApiError(415, 'upload an nmap XML file (-oX) or a sousveil JSON scan (--json)');
      format = detected;
      const parsed = parseImport(detected, body);
      hosts = parsed.hosts.map((h: HostObservations) => identifyHost(ctx.kb, h, ctx.today()));
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, (e as Error).message);
  }
  const id = await saveRun(
    ctx.store,
    {
      kind: 'import',
      startedAt,
      finishedAt: ctx.now(),
      params: { files: [name], format, via: 'upload' },
    },
    hosts,
  );
  return { id, format, hosts: hosts.length, covered: hosts.filter((h) => h.covered).length };
}
