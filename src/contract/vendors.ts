// Vendors and identification (pure, zod): a vendor's page and an identify answer say the same
// things the CLI says — maker, brand, the relation chain with dates, only the restrictions that
// reach it, advisories with their product scope — each with numbered sources.
import { z } from 'zod';
import { ProjectItem } from './atlas.js';
import { Cites, Figure, Ref, SourceEntry } from './common.js';

export const Category = z.enum([
  'named',
  'affiliate',
  'oem',
  'former-affiliate',
  'in-scope',
  'prc-origin',
  'not-covered',
]);

export const VendorItem = z.object({
  id: z.string(),
  name: z.string(),
  kindLabel: z.string(),
  country: Ref,
  maker: Ref,
  covered: z.boolean(),
  category: Category,
  categoryLabel: z.string(),
});
export type VendorItem = z.infer<typeof VendorItem>;
export const VendorList = z.array(VendorItem);

export const RelationLine = z.object({
  type: z.string(),
  typeLabel: z.string(),
  from: Ref,
  to: Ref,
  since: z.string().exactOptional(),
  sinceText: z.string().exactOptional(),
  until: z.string().exactOptional(),
  untilText: z.string().exactOptional(),
  /** `active`, `ended` (a former relation) or `future` (not yet begun on the date asked). */
  state: z.enum(['active', 'ended', 'future']),
  confidence: z.string(),
  note: z.string().exactOptional(),
  cites: Cites,
});
export type RelationLine = z.infer<typeof RelationLine>;

/** A restriction as it stands for one vendor on the date asked. */
export const VendorRestriction = z.object({
  id: z.string(),
  short: z.string(),
  title: z.string(),
  jurisdiction: z.string(),
  jurisdictionName: z.string(),
  kindLabel: z.string(),
  status: Category,
  statusLabel: z.string(),
  /** The named entity through which it reaches this vendor. */
  via: Ref.exactOptional(),
  since: z.string().exactOptional(),
  sinceText: z.string().exactOptional(),
  until: z.string().exactOptional(),
  untilText: z.string().exactOptional(),
  adopted: z.string().exactOptional(),
  released: z.string().exactOptional(),
  effective: z.string(),
  /** Set when the rule is not in force on the date asked. */
  begins: z.string().exactOptional(),
  ended: z.string().exactOptional(),
  confidence: z.string(),
  cites: Cites,
});
export type VendorRestriction = z.infer<typeof VendorRestriction>;

export const AdvisoryLine = z.object({
  cve: z.string(),
  title: z.string(),
  cvss: z.number().exactOptional(),
  kevAdded: z.string().exactOptional(),
  /** `affected`, `may-apply` (with the reason), or `listed` on a vendor page (no device known). */
  status: z.enum(['affected', 'may-apply', 'listed']),
  reason: z.string().exactOptional(),
  /** The products it covers, in words. */
  scope: z.string(),
  /** Filed against the vendor itself, or against the maker of what it sells. */
  via: z.enum(['vendor', 'maker']),
  cites: Cites,
});
export type AdvisoryLine = z.infer<typeof AdvisoryLine>;

/** What the kb says about one vendor as of a date, with numbered sources. */
export const VendorVerdictView = z.object({
  asOf: z.string(),
  vendor: Ref.extend({ country: Ref, kindLabel: z.string() }),
  maker: Ref,
  brand: Ref.exactOptional(),
  covered: z.boolean(),
  category: Category,
  categoryLabel: z.string(),
  stateOwnership: z.object({ summary: z.string(), cites: Cites }).exactOptional(),
  relations: z.array(RelationLine),
  restrictions: z.array(VendorRestriction),
  notInForce: z.array(VendorRestriction),
  /** US federal rules that do not reach it, and whom they name instead. */
  notReachedBy: z.array(z.object({ short: z.string(), names: z.array(Ref) })),
  advisories: z.array(AdvisoryLine),
});
export type VendorVerdictView = z.infer<typeof VendorVerdictView>;

export const VendorPage = VendorVerdictView.extend({
  legalNames: z.array(z.string()),
  aliases: z.array(z.string()),
  website: z.string().exactOptional(),
  note: z.string().exactOptional(),
  cites: Cites,
  fingerprints: z.array(
    z.object({
      kindLabel: z.string(),
      pattern: z.string(),
      example: z.string(),
      weight: z.number(),
      brand: Ref.exactOptional(),
      cites: Cites,
    }),
  ),
  macPrefixes: z.object({
    count: z.number().int(),
    registrants: z.array(z.string()),
    cites: Cites,
  }),
  /**
   * For a vendor a restriction reaches: per device category it makes, the kb's makers that no
   * restriction reaches, with country, owners and sources (a list, not an endorsement).
   */
  alternatives: z.array(
    z.object({
      label: z.string(),
      vendors: z.array(
        Ref.extend({
          country: Ref,
          owners: z.array(Ref.extend({ relation: z.string() })),
          cites: Cites,
        }),
      ),
    }),
  ),
  projects: z.array(ProjectItem),
  figures: z.array(Figure),
  sources: z.array(SourceEntry),
});
export type VendorPage = z.infer<typeof VendorPage>;

/** The answer to `GET /identify?q=…[&asOf=…]`, at parity with `sousveil identify`. */
export const IdentifyAnswer = z.object({
  input: z.string(),
  inputKind: z.string(),
  inputKindLabel: z.string(),
  match: z.boolean(),
  evidence: z.array(
    z.object({
      kindLabel: z.string(),
      weight: z.number(),
      note: z.string().exactOptional(),
      cites: Cites,
    }),
  ),
  verdict: VendorVerdictView.exactOptional(),
  sources: z.array(SourceEntry),
});
export type IdentifyAnswer = z.infer<typeof IdentifyAnswer>;
