import { indexFingerprints, type FingerprintIndex } from './matcher.js';
import { normalizeName } from './normalize.js';
import type { RawKb } from './parse.js';
import type {
  Advisory,
  FirmwareComponent,
  FirmwareIndicator,
  Fingerprint,
  Product,
  Relation,
  Restriction,
  Sdk,
  Source,
  Vendor,
} from './schema.js';

/** The loaded knowledge base, indexed for lookups. Read-only once built. */
export interface Kb {
  readonly sources: ReadonlyMap<string, Source>;
  readonly vendors: ReadonlyMap<string, Vendor>;
  readonly relations: readonly Relation[];
  readonly restrictions: readonly Restriction[];
  readonly fingerprints: readonly Fingerprint[];
  readonly advisories: readonly Advisory[];
  /** Product families: model patterns and the kind of device they name. */
  readonly products: readonly Product[];
  /** Third-party SDKs an app can embed, with the rules that find them. */
  readonly sdks: readonly Sdk[];
  /** Version-string rules of embedded components (BusyBox, OpenSSL, …) for firmware audits. */
  readonly firmwareComponents: readonly FirmwareComponent[];
  /** Sourced rules for what an unpacked firmware image should not hold. */
  readonly firmwareIndicators: readonly FirmwareIndicator[];
  /** Normalised vendor names, legal names and aliases -> vendor id. */
  readonly names: ReadonlyMap<string, string>;
  /** Relations by their `from` vendor. */
  readonly relationsFrom: ReadonlyMap<string, readonly Relation[]>;
  /** Relations by their `to` vendor. */
  readonly relationsTo: ReadonlyMap<string, readonly Relation[]>;
  readonly index: FingerprintIndex;
}

/** Builds the indexed kb from validated records and the MAC prefixes derived from the IEEE registry. */
export function buildKb(raw: RawKb, derivedMac: readonly Fingerprint[]): Kb {
  const strip = <T extends { file: string }>(r: T): Omit<T, 'file'> => {
    const { file: _file, ...rest } = r;
    return rest;
  };
  const vendors = new Map(raw.vendors.map((v) => [v.id, strip(v) as Vendor]));
  const fingerprints = [...raw.fingerprints.map((f) => strip(f) as Fingerprint), ...derivedMac];
  const relations = raw.relations.map((r) => strip(r) as Relation);
  // Indexed on first use: an app or firmware audit never looks a fingerprint up.
  let index: FingerprintIndex | undefined;
  return {
    sources: new Map(raw.sources.map((s) => [s.id, strip(s) as Source])),
    vendors,
    relations,
    restrictions: raw.restrictions.map((r) => strip(r) as Restriction),
    fingerprints,
    advisories: raw.advisories.map((a) => strip(a) as Advisory),
    products: raw.products.map((p) => strip(p) as Product),
    sdks: raw.sdks.map((s) => strip(s) as Sdk),
    firmwareComponents: raw['firmware-components'].map((c) => strip(c) as FirmwareComponent),
    firmwareIndicators: raw['firmware-indicators'].map((c) => strip(c) as FirmwareIndicator),
    names: indexNames(vendors),
    relationsFrom: groupBy(relations, (r) => r.from),
    relationsTo: groupBy(relations, (r) => r.to),
    get index(): FingerprintIndex {
      return (index ??= indexFingerprints(fingerprints));
    },
  };
}

function indexNames(vendors: ReadonlyMap<string, Vendor>): Map<string, string> {
  const names = new Map<string, string>();
  for (const v of vendors.values()) {
    for (const n of [v.name, ...v.legalNames, ...v.aliases]) {
      // Keyed both as written (lower-cased, a fast exact hit) and normalised (legal suffixes off).
      for (const key of new Set([n.trim().toLowerCase(), normalizeName(n)])) {
        // The vendor's own name wins over another vendor's alias of the same spelling.
        if (!names.has(key) || normalizeName(v.name) === key) names.set(key, v.id);
      }
    }
  }
  return names;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
