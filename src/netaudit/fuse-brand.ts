// The label on a device (pure): a brand named by any evidence — a discovery reply's vendor or OEM
// field, an ONVIF name scope, a page title or copyright line, a TLS name, a brand subsidiary's MAC
// block — counts when the maker behind that brand is the maker that won the fusion. Evidence for two
// different labels is reported as a conflict rather than silently dropped.
import {
  describeVendor,
  isCoveringStatus,
  isFederalEquipmentRule,
  resolveMaker,
  type Kb,
  type VendorVerdict,
} from '../kb/index.js';
import type { Evidence } from './evidence.js';
import { isBelow } from './fuse-score.js';

/** A label some evidence named that lost to a better-supported one. */
export interface BrandConflict {
  brand: string;
  /** Probes and fingerprints that named it. */
  evidence: string[];
}

/** Whether `candidate` is a label of `maker` on the date: its maker resolves there, or it stands below it. */
function isLabelOf(kb: Kb, candidate: string, maker: string, asOf: string): boolean {
  if (candidate === maker) return false;
  return resolveMaker(kb, candidate, asOf).maker === maker || isBelow(kb, candidate, maker, asOf);
}

/** The brand with the most evidence weight among labels of the winning maker, and the others. */
export function pickBrand(
  kb: Kb,
  evidence: readonly Evidence[],
  maker: string,
  asOf: string,
): { brand?: string; conflicts: BrandConflict[] } {
  const weight = new Map<string, number>();
  const seen = new Map<string, string[]>();
  for (const e of evidence) {
    const candidate = e.brand ?? (e.vendor !== maker ? e.vendor : undefined);
    if (candidate === undefined || !isLabelOf(kb, candidate, maker, asOf)) continue;
    // One fingerprint counts once; its strongest sighting speaks for it.
    const key = `${candidate}\u0000${e.fingerprint}`;
    if (!seen.has(key)) weight.set(candidate, (weight.get(candidate) ?? 0) + e.weight);
    seen.set(key, [...(seen.get(key) ?? []), `${e.probe}: ${e.fingerprint}`]);
  }
  const ranked = [...weight].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const brand = ranked[0]?.[0];
  const conflicts = ranked.slice(1).map(([b]) => ({
    brand: b,
    evidence: [...seen]
      .filter(([k]) => k.startsWith(`${b}\u0000`))
      .flatMap(([, v]) => v)
      .sort(),
  }));
  return { ...(brand === undefined ? {} : { brand }), conflicts };
}

/**
 * The verdict for a labelled device: the label's own status, strengthened by what the device
 * evidence shows — equipment made by a named maker is that maker's equipment whatever its label
 * (NDAA §889 covers equipment "produced by" the named entities), so a rule that reaches the maker's
 * equipment reaches the device as `oem` even where the label's corporate link is weak or over.
 */
export function labelledVerdict(kb: Kb, brand: string, maker: string, asOf: string): VendorVerdict {
  const label = describeVendor(kb, brand, asOf);
  const made = describeVendor(kb, maker, asOf);
  const restrictions = [...label.restrictions];
  for (const m of made.restrictions) {
    if (
      !isCoveringStatus(m.status) ||
      m.kind === 'export-control' ||
      m.kind === 'operating-ban' ||
      m.kind === 'investment-ban'
    )
      continue;
    const i = restrictions.findIndex((r) => r.restriction === m.restriction);
    const viaDevice = { ...m, status: 'oem' as const, via: [], entity: m.entity ?? maker };
    const current = restrictions[i];
    if (current === undefined) restrictions.push(viaDevice);
    else if (!isCoveringStatus(current.status) || rank(current.confidence) < rank(m.confidence))
      restrictions[i] = viaDevice;
  }
  const federal = restrictions.filter(isFederalEquipmentRule);
  const covered = federal.some((r) => isCoveringStatus(r.status));
  const strongest = (['named', 'affiliate', 'oem'] as const).find((c) =>
    federal.some((r) => r.status === c),
  );
  const category = covered && strongest !== undefined ? strongest : label.category;
  const reached = new Set(restrictions.map((r) => r.restriction));
  return {
    ...label,
    restrictions,
    notReachedBy: label.notReachedBy.filter((r) => !reached.has(r.restriction)),
    covered,
    category,
  };
}

function rank(c: string): number {
  return ({ high: 3, medium: 2, low: 1, unverified: 0 } as Record<string, number>)[c] ?? 0;
}
