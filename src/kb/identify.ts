import type { Kb } from './kb.js';
import { matchDomain, matchKind, matchMac, mayMatchRegex } from './matcher.js';
import {
  headerKinds,
  looksLikeBrokenMac,
  normalizeName,
  parseDomain,
  parseMac,
  parseMacPrefix,
  stripHeaderName,
} from './normalize.js';
import { productOfModel } from './products.js';
import type { Fingerprint, FingerprintKind } from './schema.js';
import { describeVendor, type VendorVerdict } from './verdict.js';

export type InputKind =
  'mac' | 'mac-prefix' | 'snmp-oid' | 'favicon-md5' | 'domain' | 'name' | 'banner';

/** One fingerprint that matched the value. */
export interface Evidence {
  fingerprint: string;
  kind: FingerprintKind;
  vendor: string;
  brand?: string;
  weight: number;
  note?: string;
  sources: readonly string[];
}

/** What a value says about who made the equipment behind it. */
export interface Identification {
  input: string;
  inputKind: InputKind;
  match: boolean;
  evidence: readonly Evidence[];
  verdict?: VendorVerdict;
}

export type IdentifyOutcome =
  { ok: true; value: Identification } | { ok: false; input: string; error: string };

const bannerKinds: readonly FingerprintKind[] = [
  'model-code',
  'http-server',
  'http-realm',
  'rtsp-server',
  'rtsp-realm',
  'http-title',
  'http-body',
  'tls-subject',
  'tls-issuer',
  'onvif-scope',
  'telnet-banner',
  'sdk-banner',
];

/** Identifies values against one kb as of one date; verdicts per vendor are computed once and reused. */
export class Identifier {
  readonly #kb: Kb;
  readonly #asOf: string;
  readonly #verdicts = new Map<string, VendorVerdict>();
  readonly #evidence = new Map<Fingerprint, Evidence>();
  /** Evidence records are immutable, so each fingerprint's is built once and shared. */
  readonly #toEvidence = (fp: Fingerprint): Evidence => {
    let e = this.#evidence.get(fp);
    if (e === undefined) this.#evidence.set(fp, (e = toEvidence(fp)));
    return e;
  };

  constructor(kb: Kb, asOf: string) {
    this.#kb = kb;
    this.#asOf = asOf;
  }

  /** Identifies one value: a MAC, OUI, banner, model code, name, domain, SNMP OID or favicon hash. */
  identify(input: string): IdentifyOutcome {
    const value = input.trim();
    if (value.length === 0) return { ok: false, input, error: 'empty value' };
    const classified = this.#classify(value);
    if ('error' in classified) return { ok: false, input, error: classified.error };
    const { inputKind, evidence, named } = classified;
    const subject = named ?? strongestVendor(evidence);
    if (subject === undefined)
      return { ok: true, value: { input: value, inputKind, evidence, match: false } };
    // A model code says what kind of device it is, which narrows the advisories that may apply.
    const product = evidence.some((e) => e.kind === 'model-code')
      ? productOfModel(this.#kb, value)
      : undefined;
    const verdict =
      product === undefined
        ? this.#verdict(subject)
        : describeVendor(this.#kb, subject, this.#asOf, {
            model: value,
            deviceType: product.deviceType,
          });
    return { ok: true, value: { input: value, inputKind, evidence, match: true, verdict } };
  }

  #classify(
    v: string,
  ): { inputKind: InputKind; evidence: Evidence[]; named?: string } | { error: string } {
    const index = this.#kb.index;
    const mac = parseMac(v);
    if (mac !== undefined)
      return { inputKind: 'mac', evidence: matchMac(index, mac).map(this.#toEvidence) };
    const prefix = parseMacPrefix(v);
    if (prefix !== undefined)
      return { inputKind: 'mac-prefix', evidence: matchMac(index, prefix).map(this.#toEvidence) };
    if (looksLikeBrokenMac(v))
      return {
        error: `"${v}" is not a valid MAC address (expected six hex octets, e.g. 44:19:B6:12:34:56)`,
      };
    const oid = /^\.?1\.3\.6\.1\.4\.1\.(\d+)(\.\d+)*$/.exec(v);
    if (oid?.[1] !== undefined)
      return {
        inputKind: 'snmp-oid',
        evidence: matchKind(index, 'snmp-pen', oid[1]).map(this.#toEvidence),
      };
    if (/^[0-9a-f]{32}$/i.test(v))
      return {
        inputKind: 'favicon-md5',
        evidence: matchKind(index, 'favicon-md5', v).map(this.#toEvidence),
      };
    const domain = parseDomain(v);
    if (domain !== undefined)
      return { inputKind: 'domain', evidence: matchDomain(index, domain).map(this.#toEvidence) };
    const named =
      this.#kb.names.get(v.toLowerCase()) ??
      (mayBeName(v) ? this.#kb.names.get(normalizeName(v)) : undefined);
    if (named !== undefined) return { inputKind: 'name', evidence: [], named };
    return { inputKind: 'banner', evidence: this.#matchBanner(v) };
  }

  #matchBanner(v: string): Evidence[] {
    const stripped = stripHeaderName(v);
    const index = this.#kb.index;
    const out: Evidence[] = [];
    const anyRegex = mayMatchRegex(index, v) || (stripped !== v && mayMatchRegex(index, stripped));
    for (const kind of bannerKinds) {
      if (!anyRegex && !index.exact.has(kind)) continue;
      for (const fp of matchKind(this.#kb.index, kind, headerKinds.has(kind) ? stripped : v))
        out.push(this.#toEvidence(fp));
    }
    return out;
  }

  #verdict(vendorId: string): VendorVerdict {
    let v = this.#verdicts.get(vendorId);
    if (v === undefined) {
      v = describeVendor(this.#kb, vendorId, this.#asOf);
      this.#verdicts.set(vendorId, v);
    }
    return v;
  }
}

/** Company names are short and carry no header or markup punctuation; banners often do. */
function mayBeName(v: string): boolean {
  return v.length <= 120 && !/[=":/<>{}\\[\]@]/.test(v);
}

function toEvidence(fp: Fingerprint): Evidence {
  return {
    fingerprint: fp.id,
    kind: fp.kind,
    vendor: fp.vendor,
    ...(fp.brand === undefined ? {} : { brand: fp.brand }),
    weight: fp.weight,
    ...(fp.note === undefined ? {} : { note: fp.note }),
    sources: fp.sources,
  };
}

/** The brand (or else maker) with the most total weight of evidence. */
function strongestVendor(evidence: readonly Evidence[]): string | undefined {
  const score = new Map<string, number>();
  for (const e of evidence) {
    const key = e.brand ?? e.vendor;
    score.set(key, (score.get(key) ?? 0) + e.weight);
  }
  let best: string | undefined;
  let bestScore = -1;
  for (const [k, s] of score) if (s > bestScore) [best, bestScore] = [k, s];
  return best;
}
