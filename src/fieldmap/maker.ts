// Who made a camera, from what mappers wrote in `manufacturer`, `surveillance:brand`, `brand`…:
// each value is looked up in the kb's names (as written, with legal suffixes off, then with spaces
// and punctuation off, so `Hik Vision` and `HIK-VISION` meet `Hikvision`), then followed to its
// maker and judged under the restrictions. Memoised per value: a country has few distinct brands.
import {
  describeVendor,
  isCoveringStatus,
  isFederalEquipmentRule,
  normalizeName,
  type Kb,
} from '../kb/index.js';
import type { CameraMaker } from './camera.js';

/** Tags that may name the maker, most specific first. */
export const makerTags = [
  'surveillance:manufacturer',
  'manufacturer',
  'camera:manufacturer',
  'surveillance:brand',
  'camera:brand',
  'brand',
] as const;

/** A name with everything but letters and digits taken out (`Hik-Vision` -> `hikvision`). */
function compact(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll(/[^\p{L}\p{N}]/gu, '');
}

/** Resolves brand and manufacturer tags to kb makers as of one date. */
export class MakerResolver {
  readonly #kb: Kb;
  readonly #asOf: string;
  readonly #compactNames = new Map<string, string>();
  readonly #memo = new Map<string, CameraMaker | null>();

  /** The date covered status is judged at. */
  get asOf(): string {
    return this.#asOf;
  }

  constructor(kb: Kb, asOf: string) {
    this.#kb = kb;
    this.#asOf = asOf;
    for (const [name, id] of kb.names) {
      const key = compact(name);
      // Short keys (`hik`, `hyt`) would catch unrelated words once spaces are gone.
      if (key.length >= 4 && !this.#compactNames.has(key)) this.#compactNames.set(key, id);
    }
  }

  /** The kb vendor id a name means, if any. */
  vendorOf(name: string): string | undefined {
    const v = name.trim();
    if (v === '') return undefined;
    return (
      this.#kb.names.get(v.toLowerCase()) ??
      this.#kb.names.get(normalizeName(v)) ??
      this.#compactNames.get(compact(v)) ??
      this.#compactNames.get(compact(normalizeName(v)))
    );
  }

  /** The kb id of the maker a name means (`LTS` -> `hikvision`), if any. */
  makerOf(name: string): string | undefined {
    return this.#resolveName(name.trim())?.maker;
  }

  /** What the kb says of a vendor id (a maker, or the label it sells under), memoised. */
  describe(vendorId: string): CameraMaker | undefined {
    if (!this.#kb.vendors.has(vendorId)) return undefined;
    return this.#resolveName(this.#kb.vendors.get(vendorId)?.name ?? vendorId);
  }

  /** The maker named by a camera's tags: the first maker tag (or `;` list item) the kb knows. */
  resolve(tags: Readonly<Record<string, string>>): CameraMaker | undefined {
    for (const key of makerTags) {
      const value = tags[key];
      if (value === undefined) continue;
      for (const part of value.split(';')) {
        const found = this.#resolveName(part.trim());
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  #resolveName(name: string): CameraMaker | undefined {
    if (name === '') return undefined;
    const memo = this.#memo.get(name);
    if (memo !== undefined) return memo ?? undefined;
    const vendor = this.vendorOf(name);
    const made = vendor === undefined ? undefined : this.#describe(vendor, name);
    this.#memo.set(name, made ?? null);
    return made;
  }

  #describe(vendorId: string, matched: string): CameraMaker {
    const v = describeVendor(this.#kb, vendorId, this.#asOf);
    const covering = v.restrictions.filter(
      (r) => isFederalEquipmentRule(r) && isCoveringStatus(r.status),
    );
    const since = covering
      .map((r) => r.since)
      .filter((s): s is string => s !== undefined)
      .sort()[0];
    return {
      maker: v.maker.id,
      makerName: v.maker.name,
      ...(v.brand === undefined ? {} : { brand: v.brand.id }),
      matched,
      covered: v.covered,
      status: v.category,
      ...(since === undefined ? {} : { coveredSince: since }),
      sources: v.sources,
    };
  }
}
