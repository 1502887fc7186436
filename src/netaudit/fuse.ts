import {
  describeVendor,
  isInRange,
  resolveMaker,
  restrictionReaches,
  type Kb,
  type RestrictionView,
} from '../kb/index.js';
import { evidenceFrom, type Evidence } from './evidence.js';
import type { HostObservations, Observation } from './observation.js';

export type Confidence = 'confirmed' | 'likely' | 'possible';

export interface HostAdvisory {
  cve: string;
  title: string;
  kevAdded?: string;
  /** `affected`: the firmware is in an affected range; `unknown`: the version or model could not be checked. */
  status: 'affected' | 'unknown';
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
  model?: string;
  firmware?: string;
  deviceType?: string;
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
  /** CVE ids whose affected ranges include this firmware. */
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
  const facts = hostFacts(host.observations);
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
  const brand = pickBrand(kb, evidence, best.maker, asOf);
  const verdict = describeVendor(kb, brand ?? best.maker, asOf);
  const details = advisoriesFor(
    kb,
    [best.maker, ...(brand ? [brand] : [])],
    facts.model,
    facts.firmware,
  );
  return {
    ...base,
    score: round(best.score),
    maker: best.maker,
    makerName: kb.vendors.get(best.maker)?.name ?? best.maker,
    ...(brand === undefined ? {} : { brand, brandName: kb.vendors.get(brand)?.name ?? brand }),
    ...optional('deviceType', facts.deviceType ?? deviceTypeFrom(kb, evidence)),
    confidence: confidenceOf(
      best.score,
      evidence.filter((e) => resolveTo(kb, e, asOf) === best.maker),
    ),
    covered: verdict.covered,
    category: verdict.category,
    restrictions: verdict.restrictions
      .filter((r) => restrictionReaches(r.status))
      .map((r) => ({
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

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
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

/** The maker an evidence item points to: its vendor, or the maker behind a brand. */
function resolveTo(kb: Kb, e: Evidence, asOf: string): string {
  return resolveMaker(kb, e.vendor, asOf).maker;
}

/** Noisy-OR of each maker's evidence, strongest first; one fingerprint counts once however often seen. */
export function scoreMakers(
  kb: Kb,
  evidence: readonly Evidence[],
  asOf: string,
): Array<{ maker: string; score: number }> {
  const byMaker = new Map<string, Map<string, number>>();
  for (const e of evidence) {
    const maker = resolveTo(kb, e, asOf);
    const fps = byMaker.get(maker) ?? new Map<string, number>();
    fps.set(e.fingerprint, Math.max(fps.get(e.fingerprint) ?? 0, e.weight));
    byMaker.set(maker, fps);
  }
  return [...byMaker]
    .map(([maker, fps]) => ({
      maker,
      score: 1 - [...fps.values()].reduce((p, w) => p * (1 - w), 1),
    }))
    .sort((a, b) => b.score - a.score || a.maker.localeCompare(b.maker));
}

/**
 * A MAC prefix alone is never more than `possible` (OEM modules, missing registrations); `confirmed`
 * needs a high score from at least two kinds of evidence.
 */
function confidenceOf(score: number, forMaker: readonly Evidence[]): Confidence {
  const kinds = new Set(forMaker.map((e) => e.kind));
  if (kinds.size === 1 && kinds.has('mac-prefix')) return 'possible';
  if (score >= 0.9 && kinds.size >= 2) return 'confirmed';
  return score >= 0.6 ? 'likely' : 'possible';
}

/** The label: a brand a fingerprint or a name claim points to, whose maker is the winning maker. */
function pickBrand(
  kb: Kb,
  evidence: readonly Evidence[],
  maker: string,
  asOf: string,
): string | undefined {
  for (const e of [...evidence].sort((a, b) => b.weight - a.weight)) {
    const candidate = e.brand ?? (e.vendor !== maker ? e.vendor : undefined);
    if (candidate !== undefined && resolveMaker(kb, candidate, asOf).maker === maker)
      return candidate;
  }
  return undefined;
}

function deviceTypeFrom(kb: Kb, evidence: readonly Evidence[]): string | undefined {
  for (const e of evidence) {
    const fp = kb.fingerprints.find((f) => f.id === e.fingerprint);
    if (fp?.deviceType) return fp.deviceType;
  }
  return undefined;
}

function hostFacts(
  observations: readonly Observation[],
): Pick<HostVerdict, 'mac' | 'hostname' | 'model' | 'firmware' | 'deviceType' | 'openPorts'> {
  const facts: Pick<HostVerdict, 'mac' | 'hostname' | 'model' | 'firmware' | 'deviceType'> = {};
  const ports = new Set<number>();
  // The device's own authenticated statement of model and firmware outranks discovery replies.
  const authenticated = (o: Observation): boolean =>
    o.kind === 'device-info' && o.authenticated === true;
  for (const o of [
    ...observations.filter(authenticated),
    ...observations.filter((x) => !authenticated(x)),
  ]) {
    if (o.kind === 'mac') facts.mac ??= o.mac.toLowerCase();
    if (o.kind === 'hostname') facts.hostname ??= o.name;
    if (o.kind === 'open-port' && o.protocol === 'tcp') ports.add(o.port);
    if (o.kind === 'device-info') {
      if (o.mac !== undefined) facts.mac ??= o.mac.toLowerCase().replaceAll('-', ':');
      if (o.model !== undefined) facts.model ??= o.model;
      if (o.firmware !== undefined) facts.firmware ??= o.firmware;
      if (o.deviceType !== undefined) facts.deviceType ??= o.deviceType;
    }
    if (o.kind === 'inventory') {
      if (o.model !== undefined) facts.model ??= o.model;
      if (o.firmware !== undefined) facts.firmware ??= o.firmware;
    }
  }
  return { ...facts, openPorts: [...ports].sort((a, b) => a - b) };
}

/** Advisories of the maker or brand whose affected ranges include the model and firmware. */
function advisoriesFor(
  kb: Kb,
  vendors: readonly string[],
  model: string | undefined,
  firmware: string | undefined,
): HostAdvisory[] {
  const out: HostAdvisory[] = [];
  for (const a of kb.advisories) {
    if (!a.vendors.some((v) => vendors.includes(v))) continue;
    const results = a.affected.map((r) => isInRange(r, model, firmware));
    const status = results.includes('affected')
      ? 'affected'
      : results.includes('unknown')
        ? 'unknown'
        : undefined;
    if (status === undefined) continue;
    out.push({ cve: a.cve, title: a.title, ...(a.kev ? { kevAdded: a.kev.added } : {}), status });
  }
  return out;
}
