import { spanState } from './dates.js';
import type { Kb } from './kb.js';
import { isActive, pathConfidence, pathSpan, pathsUp, type RelationPath } from './relations.js';
import type { Confidence, Relation, Restriction } from './schema.js';

/**
 * How a restriction reaches a vendor. `named`: the instrument names it; `affiliate`: a subsidiary,
 * affiliate or brand of a named entity the instrument extends to; `oem`: sells equipment made by a
 * named entity; `former-affiliate`: was one, no longer; `in-scope`: a class rule (all PRC-origin
 * equipment) covers it; `prc-origin`: PRC-based but not covered; `not-covered`.
 */
export type CoverageStatus =
  'named' | 'affiliate' | 'oem' | 'former-affiliate' | 'in-scope' | 'prc-origin' | 'not-covered';

export interface RestrictionStatus {
  restriction: string;
  status: CoverageStatus;
  /** The named entity through which the restriction reaches this vendor. */
  entity?: string;
  since?: string;
  until?: string;
  confidence: Confidence;
  via: readonly Relation[];
  /** Sources of the restriction and of every relation in the chain. */
  sources: readonly string[];
  /** The restriction would reach the vendor but is not yet in force on the date asked: it begins then. */
  begins?: string;
  /** The restriction reached the vendor but ended before the date asked. */
  ended?: string;
}

const order: readonly CoverageStatus[] = [
  'named',
  'affiliate',
  'oem',
  'former-affiliate',
  'in-scope',
  'prc-origin',
  'not-covered',
];

/**
 * Whether a restriction reaches the vendor at all (named, related, in scope, or formerly related);
 * "PRC-based but not named" and "not covered" do not.
 */
export function restrictionReaches(s: CoverageStatus): boolean {
  return s !== 'prc-origin' && s !== 'not-covered';
}

/** Statuses that make equipment "covered" under a restriction. */
export function isCoveringStatus(s: CoverageStatus): boolean {
  return s === 'named' || s === 'affiliate' || s === 'oem';
}

/** The status of a vendor under every restriction in the kb, as of a date. */
export function restrictionStatuses(kb: Kb, vendorId: string, asOf: string): RestrictionStatus[] {
  const paths = pathsUp(kb, vendorId);
  const prc = isPrcOrigin(kb, vendorId, paths, asOf);
  return kb.restrictions.map((r) => statusUnder(r, vendorId, paths, prc, asOf));
}

function isPrcOrigin(
  kb: Kb,
  vendorId: string,
  paths: readonly RelationPath[],
  asOf: string,
): boolean {
  if (kb.vendors.get(vendorId)?.country === 'CN') return true;
  return paths.some(
    (p) => p.edges.every((e) => isActive(e, asOf)) && kb.vendors.get(p.to)?.country === 'CN',
  );
}

function statusUnder(
  r: Restriction,
  vendorId: string,
  paths: readonly RelationPath[],
  prc: boolean,
  asOf: string,
): RestrictionStatus {
  const candidates: RestrictionStatus[] = [];
  // Before a restriction begins it does not apply; after it ends, neither. Either is kept as a note.
  let outOfForce: Pick<RestrictionStatus, 'begins' | 'ended'> | undefined;
  const inForce = (start: string): boolean => {
    const state = spanState({ since: start, until: r.until }, asOf);
    if (state === 'future') outOfForce ??= { begins: start };
    if (state === 'ended' && r.until !== undefined) outOfForce ??= { ended: r.until };
    return state === 'active';
  };
  for (const e of r.entities) {
    const base = { restriction: r.id, entity: e.vendor, sources: r.sources };
    const start = e.since ?? r.effective;
    if (e.vendor === vendorId) {
      if (inForce(start))
        candidates.push({
          ...base,
          status: 'named',
          since: start,
          confidence: r.confidence,
          via: [],
        });
      continue;
    }
    for (const p of paths) {
      if (p.to !== e.vendor) continue;
      const status = pathStatus(p, e.includesAffiliates, reachesOemEquipment(r), asOf);
      if (status === undefined) continue;
      const span = pathSpan(p.edges);
      const since = span.since !== undefined && span.since > start ? span.since : start;
      if (span.until !== undefined && span.until <= since) continue;
      if (!inForce(start)) continue;
      candidates.push({
        ...base,
        status,
        since,
        ...(span.until === undefined ? {} : { until: span.until }),
        confidence: pathConfidence(p.edges),
        via: p.edges,
        sources: [...r.sources, ...p.edges.flatMap((x) => x.sources)],
      });
    }
  }
  if (r.appliesToAllPrcOrigin && prc && inForce(r.effective)) {
    candidates.push({
      restriction: r.id,
      status: 'in-scope',
      since: r.effective,
      confidence: r.confidence,
      via: [],
      sources: r.sources,
    });
  }
  candidates.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const best = candidates[0];
  if (best) return best;
  return {
    restriction: r.id,
    status: prc ? 'prc-origin' : 'not-covered',
    confidence: 'high',
    via: [],
    sources: [],
    ...outOfForce,
  };
}

/**
 * Rules on equipment reach a rebrand of a named maker's equipment; export controls, operating bans
 * and investment bans act on the named company itself, not on whoever resells what it makes.
 */
function reachesOemEquipment(r: Restriction): boolean {
  return r.kind !== 'export-control' && r.kind !== 'operating-ban' && r.kind !== 'investment-ban';
}

function pathStatus(
  p: RelationPath,
  includesAffiliates: boolean,
  reachesOem: boolean,
  asOf: string,
): CoverageStatus | undefined {
  const states = p.edges.map((e) => spanState(e, asOf));
  // A relation that has not begun yet is no relation at all on that date, not a former one.
  if (states.includes('future')) return undefined;
  const active = states.every((s) => s === 'active');
  const viaOem = p.edges.some((e) => e.type === 'oem');
  if (viaOem) return active && reachesOem ? 'oem' : undefined;
  if (!includesAffiliates) return undefined;
  return active ? 'affiliate' : 'former-affiliate';
}
