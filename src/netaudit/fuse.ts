import { assessAdvisories, describeVendor, type Kb } from '../kb/index.js';
import { evidenceFrom, type Evidence } from './evidence.js';
import { labelledVerdict, pickBrand } from './fuse-brand.js';
import { confidenceOf, resolveTo, scoreMakers } from './fuse-score.js';
import type { HostVerdict } from './host-verdict.js';
import { deviceTypeOf, hostFacts } from './host-facts.js';
import type { HostObservations } from './observation.js';

export type { Confidence } from './fuse-score.js';

export type { HostAdvisory, HostVerdict } from './host-verdict.js';

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
