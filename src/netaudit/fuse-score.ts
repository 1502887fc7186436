// Scoring makers from evidence (pure): noisy-OR per maker, with evidence for a subsidiary, brand or
// OEM label folded into the maker above it when that maker has evidence of its own, so an EZVIZ MAC
// beside a SADP reply makes one Hikvision verdict (brand EZVIZ), not two competing makers.
import { resolveMaker, spanState, type Kb } from '../kb/index.js';
import type { Evidence } from './evidence.js';

export type Confidence = 'confirmed' | 'likely' | 'possible';

/** One maker's fused score, and the vendors whose evidence was folded into it. */
export interface MakerScore {
  maker: string;
  score: number;
  /** Vendors (the maker itself, subsidiaries, labels) whose evidence counts for this maker. */
  members: string[];
}

/** The maker an evidence item points to: its vendor, or the maker behind a brand. */
export function resolveTo(kb: Kb, e: Evidence, asOf: string): string {
  return resolveMaker(kb, e.vendor, asOf).maker;
}

/** Whether `from` stands below `to` on the date: a chain of subsidiary, affiliate, brand or OEM relations. */
export function isBelow(kb: Kb, from: string, to: string, asOf: string): boolean {
  const seen = new Set<string>([from]);
  let frontier = [from];
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const at of frontier) {
      for (const r of kb.relationsFrom.get(at) ?? []) {
        if (r.type === 'shareholder' || spanState(r, asOf) !== 'active' || seen.has(r.to)) continue;
        if (r.to === to) return true;
        seen.add(r.to);
        next.push(r.to);
      }
    }
    frontier = next;
  }
  return false;
}

/** Noisy-OR of each maker's evidence, strongest first; one fingerprint counts once however often seen. */
export function scoreMakers(kb: Kb, evidence: readonly Evidence[], asOf: string): MakerScore[] {
  const byMaker = new Map<string, Map<string, number>>();
  for (const e of evidence) {
    const maker = resolveTo(kb, e, asOf);
    const fps = byMaker.get(maker) ?? new Map<string, number>();
    fps.set(e.fingerprint, Math.max(fps.get(e.fingerprint) ?? 0, e.weight));
    byMaker.set(maker, fps);
  }
  const noisyOr = (fps: ReadonlyMap<string, number> | undefined): number =>
    1 - [...(fps?.values() ?? [])].reduce((p, w) => p * (1 - w), 1);
  const members = new Map<string, string[]>([...byMaker.keys()].map((m) => [m, [m]]));
  // Fold each maker into a maker above it that has its own evidence, strongest parent first.
  const order = [...byMaker.keys()].sort(
    (a, b) => noisyOr(byMaker.get(b)) - noisyOr(byMaker.get(a)) || a.localeCompare(b),
  );
  for (const child of order) {
    const childFps = byMaker.get(child);
    const parent = order.find((p) => p !== child && byMaker.has(p) && isBelow(kb, child, p, asOf));
    const into = parent === undefined ? undefined : byMaker.get(parent);
    if (parent === undefined || childFps === undefined || into === undefined) continue;
    for (const [fp, w] of childFps) into.set(fp, Math.max(into.get(fp) ?? 0, w));
    members.set(parent, [...(members.get(parent) ?? [parent]), ...(members.get(child) ?? [])]);
    byMaker.delete(child);
    members.delete(child);
  }
  return [...byMaker]
    .map(([maker, fps]) => ({ maker, score: noisyOr(fps), members: members.get(maker) ?? [maker] }))
    .sort((a, b) => b.score - a.score || a.maker.localeCompare(b.maker));
}

/**
 * A MAC prefix alone is never more than `possible` (OEM modules, missing registrations); `confirmed`
 * needs a high score from at least two kinds of evidence.
 */
export function confidenceOf(score: number, forMaker: readonly Evidence[]): Confidence {
  const kinds = new Set(forMaker.map((e) => e.kind));
  if (kinds.size === 1 && kinds.has('mac-prefix')) return 'possible';
  if (score >= 0.9 && kinds.size >= 2) return 'confirmed';
  return score >= 0.6 ? 'likely' : 'possible';
}
