import type { RawKb } from '../kb/index.js';
import type { Fingerprint } from '../kb/index.js';

export interface KbCounts {
  vendors: number;
  relations: number;
  restrictions: number;
  fingerprints: number;
  fingerprintsByKind: Record<string, number>;
  advisories: number;
  products: number;
  sdks: number;
  sdkRules: number;
  sources: number;
}

/** Record counts of the kb, fingerprints also by kind (derived MAC prefixes included). */
export function kbCounts(raw: RawKb, derived: readonly Fingerprint[]): KbCounts {
  const byKind: Record<string, number> = {};
  for (const f of [...raw.fingerprints, ...derived]) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return {
    vendors: raw.vendors.length,
    relations: raw.relations.length,
    restrictions: raw.restrictions.length,
    fingerprints: raw.fingerprints.length + derived.length,
    fingerprintsByKind: byKind,
    advisories: raw.advisories.length,
    products: raw.products.length,
    sdks: raw.sdks.length,
    sdkRules: raw.sdks.reduce((n, s) => n + s.rules.length, 0),
    sources: raw.sources.length,
  };
}
