import { assessAdvisories, describeVendor, type DeviceFacts, type Kb } from '../kb/index.js';
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
  const seen = hostFacts(host.observations);
  const { deviceTypeRaw: _raw, ...facts } = seen;
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
  const verdict = vendorVerdict(kb, best.maker, brand, asOf);
  const type = deviceTypeOf(kb, seen, evidence);
  const details = advisoriesOf(kb, {
    vendors: [best.maker, ...(brand === undefined ? [] : [brand])],
    deviceType: type?.deviceType,
    model: facts.model,
    firmware: facts.firmware,
  });
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
    ...verdict,
    ...details,
  };
}

// An inventory of a million hosts names a few makers, models and firmware versions many times
// over: what the kb says about each is worked out once per kb and date, not once per host. The
// parts of verdicts made from them are shared, so nothing changes a verdict after it is made.
const memoLimit = 10_000;

interface Memo {
  vendors: Map<string, Pick<HostVerdict, 'covered' | 'category' | 'restrictions'>>;
  advisories: Map<string, Pick<HostVerdict, 'advisories' | 'advisoryDetails'>>;
}
const memos = new WeakMap<Kb, Memo>();

function memoOf(kb: Kb): Memo {
  let memo = memos.get(kb);
  if (memo === undefined) {
    memo = { vendors: new Map(), advisories: new Map() };
    memos.set(kb, memo);
  }
  return memo;
}

function remembered<T>(map: Map<string, T>, key: string, make: () => T): T {
  const known = map.get(key);
  if (known !== undefined) return known;
  if (map.size >= memoLimit) map.clear();
  const value = make();
  map.set(key, value);
  return value;
}

/** What the kb says about the maker (sold under `brand`, if any) on `asOf`, as a host shows it. */
function vendorVerdict(
  kb: Kb,
  maker: string,
  brand: string | undefined,
  asOf: string,
): Pick<HostVerdict, 'covered' | 'category' | 'restrictions'> {
  return remembered(memoOf(kb).vendors, `${maker}\u0000${brand ?? ''}\u0000${asOf}`, () => {
    const v =
      brand === undefined
        ? describeVendor(kb, maker, asOf)
        : labelledVerdict(kb, brand, maker, asOf);
    return {
      covered: v.covered,
      category: v.category,
      restrictions: v.restrictions.map((r) => ({
        restriction: r.restriction,
        short: r.short,
        jurisdiction: r.jurisdiction,
        status: r.status,
        ...(r.since === undefined ? {} : { since: r.since }),
        confidence: r.confidence,
      })),
    };
  });
}

/** The advisories that may reach a device with these facts, as a host shows them. */
function advisoriesOf(
  kb: Kb,
  device: DeviceFacts,
): Pick<HostVerdict, 'advisories' | 'advisoryDetails'> {
  const key = JSON.stringify([device.vendors, device.deviceType, device.model, device.firmware]);
  return remembered(memoOf(kb).advisories, key, () => {
    const details = assessAdvisories(kb, device).map((a) => ({
      cve: a.advisory.cve,
      title: a.advisory.title,
      ...(a.advisory.kev ? { kevAdded: a.advisory.kev.added } : {}),
      status: a.status,
      ...(a.reason === undefined ? {} : { reason: a.reason }),
      scope: a.scope,
    }));
    return {
      advisories: details.filter((d) => d.status === 'affected').map((d) => d.cve),
      advisoryDetails: details,
    };
  });
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
