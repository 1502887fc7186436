// Alternatives to a covered vendor (pure): for each device category it makes, the kb vendors
// making the same category that no restriction in force reaches — named, as a subsidiary or
// affiliate, as an OEM, or in scope of a class rule — with their country, their owners and the
// sources for both. A neutral list of what the kb knows, not an endorsement and not a market survey.
import type { Kb } from './kb.js';
import type { ProductKind } from './schema.js';
import { restrictionReaches, restrictionStatuses } from './status.js';

/** The device categories alternatives are listed for, and the product kinds each covers. */
export const ALTERNATIVE_CATEGORIES: ReadonlyArray<{
  id: string;
  label: string;
  kinds: readonly ProductKind[];
}> = [
  { id: 'ip-cameras', label: 'IP cameras', kinds: ['ip-camera', 'thermal-camera'] },
  { id: 'nvr-vms', label: 'NVR/VMS', kinds: ['nvr', 'dvr', 'video-management-software'] },
  { id: 'radios', label: 'radios', kinds: ['radio'] },
  {
    id: 'network-equipment',
    label: 'network equipment',
    kinds: ['network-equipment', 'telecom-network'],
  },
];

/** An owner of an alternative: the `to` of its active subsidiary, shareholder or brand relation. */
export interface Owner {
  vendor: string;
  name: string;
  country: string;
  type: string;
}

export interface Alternative {
  vendor: string;
  name: string;
  country: string;
  owners: Owner[];
  /** The vendor record's sources, then those of the ownership relations. */
  sources: string[];
}

export interface AlternativeGroup {
  category: string;
  label: string;
  alternatives: Alternative[];
}

const active = (since: string | undefined, until: string | undefined, asOf: string): boolean =>
  (since === undefined || since <= asOf) && (until === undefined || until > asOf);

/** Whether any restriction in force on `asOf` reaches the vendor. */
export function reachedByRestriction(kb: Kb, vendorId: string, asOf: string): boolean {
  return restrictionStatuses(kb, vendorId, asOf).some(
    (s) => restrictionReaches(s.status) && s.begins === undefined && s.ended === undefined,
  );
}

/**
 * Alternatives for each category `vendorId` makes (none for a vendor the kb gives no product
 * kinds): companies, not brands, other than the vendor, that no restriction reaches on `asOf`.
 */
export function alternativesFor(kb: Kb, vendorId: string, asOf: string): AlternativeGroup[] {
  const makes = new Set(kb.vendors.get(vendorId)?.makes ?? []);
  const groups: AlternativeGroup[] = [];
  for (const c of ALTERNATIVE_CATEGORIES) {
    if (!c.kinds.some((k) => makes.has(k))) continue;
    const alternatives: Alternative[] = [];
    for (const v of kb.vendors.values()) {
      if (v.id === vendorId || v.kind !== 'company') continue;
      if (!v.makes.some((k) => c.kinds.includes(k))) continue;
      if (reachedByRestriction(kb, v.id, asOf)) continue;
      const ownership = (kb.relationsFrom.get(v.id) ?? []).filter(
        (r) =>
          (r.type === 'subsidiary' || r.type === 'shareholder' || r.type === 'brand') &&
          active(r.since, r.until, asOf),
      );
      const sources = [...v.sources];
      for (const r of ownership)
        for (const s of r.sources) if (!sources.includes(s)) sources.push(s);
      alternatives.push({
        vendor: v.id,
        name: v.name,
        country: v.country,
        owners: ownership.map((r) => ({
          vendor: r.to,
          name: kb.vendors.get(r.to)?.name ?? r.to,
          country: kb.vendors.get(r.to)?.country ?? '',
          type: r.type,
        })),
        sources,
      });
    }
    alternatives.sort((a, b) => a.name.localeCompare(b.name));
    groups.push({ category: c.id, label: c.label, alternatives });
  }
  return groups;
}
