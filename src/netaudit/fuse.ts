import { assessAdvisories, describeVendor, type Kb, type RestrictionView } from '../kb/index.js';
import { evidenceFrom, type Evidence } from './evidence.js';
import { labelledVerdict, pickBrand, type BrandConflict } from './fuse-brand.js';
import { confidenceOf, resolveTo, scoreMakers, type Confidence } from './fuse-score.js';
import { deviceTypeOf, hostFacts } from './host-facts.js';
import type { HostObservations } from './observation.js';

export type { Confidence } from './fuse-score.js';

export interface HostAdvisory {
  cve: string;
  title: string;
  kevAdded?: string;
  /** `affected`: product and firmware both in an affected range; `may-apply`: something needed is unknown. */
  status: 'affected' | 'may-apply';
  /** Why it only may apply ("device type unknown", "firmware build date unknown"). */
  reason?: string;
  /** The products the advisory covers, in words. */
  scope: string;
}

/** One verdict per host: who made it, what it is, how sure, what restricts it, what is known wrong with it. */
export interface HostVerdict {
  address: string;
  mac?: string;
  hostname?: string;
  maker?: string;
  makerName?: string;
  brand?: string;
  brandName?: string;
  /** Other labels some evidence named, with what named them. */
  brandConflicts?: BrandConflict[];
  model?: string;
  firmware?: string;
  deviceType?: string;
  /** What the device type rests on ("the device says "NVR"", "model DS-7608NI-K2: …"). */
  deviceTypeBasis?: string;
  confidence?: Confidence;
  /** Fused score of the maker, 0..1. */
  score: number;
  covered: boolean;
  category?: string;
  restrictions: Array<
    Pick<
      RestrictionView,
      'restriction' | 'short' | 'jurisdiction' | 'status' | 'since' | 'confidence'
    >
  >;
  /** CVE ids whose affected products and firmware both include this device. */
  advisories: string[];
  advisoryDetails: HostAdvisory[];
  /** Makers that other evidence pointed to, with their scores. */
  conflicts: Array<{ maker: string; score: number }>;
  openPorts: number[];
  evidence: Evidence[];
  /** What the probes report that is not evidence (e.g. "isapi:80: credentials refused"); absent when none. */
  notes?: string[];
}

/** Turns everything seen about a host into one verdict. Pure: same observations, same verdict. */
export function identifyHost(kb: Kb, host: HostObservations, asOf: string): HostVerdict {
  const evidence = dedupe(host.observations.flatMap((o) => evidenceFrom(kb, o))).sort(
    (a, b) =>
      b.weight - a.weight ||
      a.fingerprint.localeCompare(b.fingerprint) ||
      a.probe.localeCompare(b.probe),
  );
  const { deviceTypeRaw: _raw, ...facts } = hostFacts(host.observations);
  const notes = host.observations.flatMap((o) =>
    o.kind === 'note'
      ? [`${o.source}${o.port === undefined ? '' : `:${String(o.port)}`}: ${o.text}`]
      : [],
  );
  const scores = scoreMakers(kb, evidence, asOf);
  const [best, ...rest] = scores;
  const base: HostVerdict = {
    address: host.address,
    ...facts,
    score: best?.score ?? 0,
    covered: false,
    restrictions: [],
    advisories: [],
    advisoryDetails: [],
    conflicts: rest
      .filter((s) => s.score >= 0.3)
      .map((s) => ({ maker: s.maker, score: round(s.score) })),
    evidence,
    ...(notes.length > 0 ? { notes } : {}),
  };
  if (best === undefined) return base;
  const { brand, conflicts: brandConflicts } = pickBrand(kb, evidence, best.maker, asOf);
  const verdict =
    brand === undefined
      ? describeVendor(kb, best.maker, asOf)
      : labelledVerdict(kb, brand, best.maker, asOf);
  const type = deviceTypeOf(kb, hostFacts(host.observations), evidence);
  const details = assessAdvisories(kb, {
    vendors: [best.maker, ...(brand === undefined ? [] : [brand])],
    deviceType: type?.deviceType,
    model: facts.model,
    firmware: facts.firmware,
  }).map((a) => ({
    cve: a.advisory.cve,
    title: a.advisory.title,
    ...(a.advisory.kev ? { kevAdded: a.advisory.kev.added } : {}),
    status: a.status,
    ...(a.reason === undefined ? {} : { reason: a.reason }),
    scope: a.scope,
  }));
  const members = new Set(best.members);
  return {
    ...base,
    score: round(best.score),
    maker: best.maker,
    makerName: kb.vendors.get(best.maker)?.name ?? best.maker,
    ...(brand === undefined ? {} : { brand, brandName: kb.vendors.get(brand)?.name ?? brand }),
    ...(brandConflicts.length > 0 ? { brandConflicts } : {}),
    ...(type === undefined ? {} : { deviceType: type.deviceType, deviceTypeBasis: type.basis }),
    confidence: confidenceOf(
      best.score,
      evidence.filter((e) => members.has(resolveTo(kb, e, asOf))),
    ),
    covered: verdict.covered,
    category: verdict.category,
    restrictions: verdict.restrictions.map((r) => ({
      restriction: r.restriction,
      short: r.short,
      jurisdiction: r.jurisdiction,
      status: r.status,
      ...(r.since === undefined ? {} : { since: r.since }),
      confidence: r.confidence,
    })),
    advisories: details.filter((d) => d.status === 'affected').map((d) => d.cve),
    advisoryDetails: details,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.fingerprint}\u0000${e.probe}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
