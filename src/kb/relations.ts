import type { Kb } from './kb.js';
import type { Confidence, Relation } from './schema.js';

/** A chain of relations from a vendor upwards to another. */
export interface RelationPath {
  to: string;
  edges: readonly Relation[];
}

const maxDepth = 4;

/** Whether a relation holds on a date (partial dates compare as their first day). */
export function isActive(r: Pick<Relation, 'since' | 'until'>, asOf: string): boolean {
  return (r.since === undefined || r.since <= asOf) && (r.until === undefined || r.until > asOf);
}

/** Every acyclic path upwards from a vendor (subsidiary, affiliate, brand, oem edges), nearest first. */
export function pathsUp(kb: Kb, vendorId: string): RelationPath[] {
  const out: RelationPath[] = [];
  const walk = (at: string, edges: Relation[], seen: Set<string>): void => {
    if (edges.length >= maxDepth) return;
    for (const r of kb.relationsFrom.get(at) ?? []) {
      if (r.type === 'shareholder' || seen.has(r.to)) continue;
      const next = [...edges, r];
      out.push({ to: r.to, edges: next });
      walk(r.to, next, new Set([...seen, r.to]));
    }
  };
  walk(vendorId, [], new Set([vendorId]));
  return out.sort((a, b) => a.edges.length - b.edges.length);
}

const rank: Record<Confidence, number> = { high: 3, medium: 2, low: 1, unverified: 0 };

/** The weakest confidence along a path. */
export function pathConfidence(edges: readonly Relation[]): Confidence {
  let worst: Confidence = 'high';
  for (const e of edges) if (rank[e.confidence] < rank[worst]) worst = e.confidence;
  return worst;
}

/** The latest start and earliest end along a path: when the whole chain held. */
export function pathSpan(edges: readonly Relation[]): { since?: string; until?: string } {
  let since: string | undefined;
  let until: string | undefined;
  for (const e of edges) {
    if (e.since !== undefined && (since === undefined || e.since > since)) since = e.since;
    if (e.until !== undefined && (until === undefined || e.until < until)) until = e.until;
  }
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

/**
 * The maker behind a vendor: follows active brand and OEM relations of at least medium confidence,
 * so a rebrand (LTS) resolves to its maker (Hikvision) while a company that makes its own stays itself.
 */
export function resolveMaker(
  kb: Kb,
  vendorId: string,
  asOf: string,
): { maker: string; via: Relation[] } {
  let at = vendorId;
  const via: Relation[] = [];
  for (let depth = 0; depth < maxDepth; depth++) {
    const edge = (kb.relationsFrom.get(at) ?? []).find(
      (r) =>
        (r.type === 'brand' || r.type === 'oem') &&
        isActive(r, asOf) &&
        rank[r.confidence] >= rank.medium,
    );
    if (!edge || via.some((v) => v.to === edge.to)) break;
    via.push(edge);
    at = edge.to;
  }
  return { maker: at, via };
}
