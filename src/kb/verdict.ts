import { assessAdvisory, type AdvisoryStatus, type DeviceFacts } from './advisories.js';
import { spanState, type SpanState } from './dates.js';
import type { Kb } from './kb.js';
import { pathsUp, resolveMaker } from './relations.js';
import type { Confidence, Relation, Restriction } from './schema.js';
import {
  isCoveringStatus,
  restrictionReaches,
  restrictionStatuses,
  type CoverageStatus,
  type RestrictionStatus,
} from './status.js';

export interface VendorRef {
  id: string;
  name: string;
  country: string;
}

export interface RelationView {
  type: Relation['type'];
  from: VendorRef;
  to: VendorRef;
  since?: string;
  until?: string;
  /** Whether the relation holds on the date asked. */
  active: boolean;
  /** `future`: begins after the date asked; `ended`: a former relation. */
  state: SpanState;
  confidence: Confidence;
  note?: string;
  sources: readonly string[];
}

export interface RestrictionView extends RestrictionStatus {
  jurisdiction: string;
  kind: Restriction['kind'];
  /**
   * Whether it restricts equipment: false for an investment ban and for bans of applications
   * only (TikTok on government devices), which say nothing of a vendor's hardware on a network.
   */
  hardware: boolean;
  short: string;
  instrument: string;
  title: string;
  scope: string;
}

export interface AdvisoryView {
  id: string;
  cve: string;
  title: string;
  cvss?: number;
  kevAdded?: string;
  /** `vendor`: filed against this vendor; `maker`: against the maker whose equipment it sells. */
  via: 'vendor' | 'maker';
  /** `affected` only when the device's product and firmware are both known to be in range. */
  status: AdvisoryStatus;
  /** Why it only may apply (device type, model or firmware unknown). */
  reason?: string;
  /** The products the advisory covers, in words. */
  scope: string;
}

/** Everything the kb says about a vendor: its maker, relations, legal status and advisories. */
export interface VendorVerdict {
  vendor: VendorRef;
  maker: VendorRef;
  /** The label, where the vendor sells another maker's equipment. */
  brand?: VendorRef;
  relations: RelationView[];
  /** The strongest status under the US federal equipment rules (NDAA §889, FCC Covered List, FCC 22-84). */
  category: CoverageStatus;
  /** Covered under one of those rules: named, an affiliate the rule reaches, or an OEM of a named maker. */
  covered: boolean;
  /** Restrictions that reach the vendor on the date asked. */
  restrictions: RestrictionView[];
  /** Restrictions that would reach it but are not in force on the date asked (`begins` or `ended`). */
  notInForce: RestrictionView[];
  /** US federal equipment rules that do not reach it (they name other vendors). */
  notReachedBy: RestrictionView[];
  advisories: AdvisoryView[];
  sources: string[];
}

const categoryOrder: readonly CoverageStatus[] = [
  'named',
  'affiliate',
  'oem',
  'former-affiliate',
  'prc-origin',
  'not-covered',
];

/**
 * Describes a vendor as of a date; `device` (a model, type or firmware seen) narrows its advisories
 * to those whose product scope fits.
 */
export function describeVendor(
  kb: Kb,
  vendorId: string,
  asOf: string,
  device: Omit<DeviceFacts, 'vendors'> = {},
): VendorVerdict {
  const ref = (id: string): VendorRef => {
    const v = kb.vendors.get(id);
    return { id, name: v?.name ?? id, country: v?.country ?? '??' };
  };
  const { maker } = resolveMaker(kb, vendorId, asOf);
  const all = restrictionStatuses(kb, vendorId, asOf).map((s) => toView(kb, s));
  const restrictions = all.filter((r) => restrictionReaches(r.status));
  const federal = all.filter(isFederalEquipmentRule);
  // The strongest status among rules that reach the vendor; else whether it is PRC-based at all.
  const category = categoryOrder.find((c) => federal.some((r) => r.status === c)) ?? 'not-covered';
  const relations = uniqueEdges(pathsUp(kb, vendorId).flatMap((p) => p.edges)).map((r) =>
    relationView(r, ref, asOf),
  );
  const sources = new Set<string>(kb.vendors.get(vendorId)?.sources ?? []);
  for (const r of restrictions) for (const s of r.sources) sources.add(s);
  return {
    vendor: ref(vendorId),
    maker: ref(maker),
    ...(maker === vendorId ? {} : { brand: ref(vendorId) }),
    relations,
    category,
    covered: federal.some((r) => isCoveringStatus(r.status) && restrictionReaches(r.status)),
    restrictions,
    notInForce: all.filter((r) => r.begins !== undefined || r.ended !== undefined),
    notReachedBy: all.filter(
      (r) =>
        !restrictionReaches(r.status) &&
        r.begins === undefined &&
        r.ended === undefined &&
        isFederalEquipmentRule(r),
    ),
    advisories: advisoriesFor(kb, vendorId, maker, device),
    sources: [...sources],
  };
}

function relationView(r: Relation, ref: (id: string) => VendorRef, asOf: string): RelationView {
  const state = spanState(r, asOf);
  return {
    type: r.type,
    from: ref(r.from),
    to: ref(r.to),
    ...(r.since === undefined ? {} : { since: r.since }),
    ...(r.until === undefined ? {} : { until: r.until }),
    active: state === 'active',
    state,
    confidence: r.confidence,
    ...(r.note === undefined ? {} : { note: r.note }),
    sources: r.sources,
  };
}

/**
 * US federal rules on equipment: not export controls (they restrict sales to the vendor, not its
 * use), investment bans or bans of applications only.
 */
export function isFederalEquipmentRule(r: RestrictionView): boolean {
  return r.jurisdiction === 'US' && r.kind !== 'export-control' && r.hardware;
}

function toView(kb: Kb, s: RestrictionStatus): RestrictionView {
  const r = kb.restrictions.find((x) => x.id === s.restriction);
  return {
    ...s,
    jurisdiction: r?.jurisdiction ?? '',
    kind: r?.kind ?? 'procurement-ban',
    hardware:
      r === undefined ||
      (r.kind !== 'investment-ban' &&
        !(
          r.entities.length > 0 &&
          r.entities.every((e) => e.equipment.every((c) => c === 'applications'))
        )),
    short: r?.short ?? s.restriction,
    instrument: r?.instrument ?? '',
    title: r?.title ?? '',
    scope: r?.scope ?? '',
  };
}

function uniqueEdges(edges: readonly Relation[]): Relation[] {
  return [...new Map(edges.map((e) => [e.id, e])).values()];
}

/**
 * Advisories filed against the vendor itself or against the maker of what it sells, each as it
 * stands for the device described (with nothing known of the device, each "may apply").
 */
export function advisoriesFor(
  kb: Kb,
  vendorId: string,
  makerId: string,
  device: Omit<DeviceFacts, 'vendors'> = {},
): AdvisoryView[] {
  const out: AdvisoryView[] = [];
  for (const a of kb.advisories) {
    const via = a.vendors.includes(vendorId)
      ? 'vendor'
      : a.vendors.includes(makerId)
        ? 'maker'
        : undefined;
    if (via === undefined) continue;
    const assessed = assessAdvisory(a, { ...device, vendors: [vendorId, makerId] });
    if (assessed === undefined) continue;
    out.push({
      id: a.id,
      cve: a.cve,
      title: a.title,
      ...(a.cvss === undefined ? {} : { cvss: a.cvss }),
      ...(a.kev === undefined ? {} : { kevAdded: a.kev.added }),
      via,
      status: assessed.status,
      ...(assessed.reason === undefined ? {} : { reason: assessed.reason }),
      scope: assessed.scope,
    });
  }
  return out;
}
