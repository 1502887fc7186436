import { z } from 'zod';
import { Confidence, PartialDate } from './schema-base.js';
import { Sdk } from './sdk-schema.js';
import { FirmwareComponent, FirmwareIndicator } from './firmware-schema.js';

export { Confidence, PartialDate };
export * from './sdk-schema.js';
export * from './firmware-schema.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case kebab-case');
const SourceRefs = z.array(Id).min(1, 'every record needs at least one source');

export const Source = z.strictObject({
  id: Id,
  /** The canonical page: the publisher's own, the official register, the filing on its exchange. */
  url: z.url(),
  /** Where the document was actually read when that was a copy (a mirror, a reprint, a scraper). */
  readAt: z.url().optional(),
  publisher: z.string().min(1),
  title: z.string().min(1),
  /** Publication date; `n.d.` where the publication carries none. */
  date: z.union([PartialDate, z.literal('n.d.')]),
  kind: z.enum([
    'law',
    'regulation',
    'government',
    'court',
    'news',
    'research',
    'vendor',
    'code',
    'dataset',
    'forum',
  ]),
  note: z.string().optional(),
});
export type Source = z.infer<typeof Source>;

export const ProductKind = z.enum([
  'ip-camera',
  'nvr',
  'dvr',
  'thermal-camera',
  'video-intercom',
  'access-control',
  'smart-home-camera',
  'telecom-network',
  'handset',
  'radio',
  'chipset',
  'facial-recognition-software',
  'video-analytics',
  'cloud-service',
  'semiconductor',
  'defence-electronics',
  'speech-recognition',
  'consumer-apps',
  'network-equipment',
  'video-management-software',
]);
export type ProductKind = z.infer<typeof ProductKind>;

export const Vendor = z.strictObject({
  id: Id,
  name: z.string().min(1),
  /** `company` for a legal entity, `brand` for a trade name without one of its own. */
  kind: z.enum(['company', 'brand']),
  legalNames: z.array(z.string().min(1)).default([]),
  aliases: z.array(z.string().min(1)).default([]),
  /** ISO 3166-1 alpha-2 country of headquarters. */
  country: z.string().regex(/^[A-Z]{2}$/),
  makes: z.array(ProductKind).default([]),
  /** Exact IEEE registrant names whose MAC blocks are this vendor's (matched in `oui-data`). */
  ouiRegistrants: z.array(z.string().min(1)).default([]),
  /**
   * IEEE registrants whose names contain this vendor's name but are other companies; `kb check`
   * lists every other such registrant as a gap.
   */
  ouiUnrelated: z
    .array(z.strictObject({ registrant: z.string().min(1), note: z.string().min(1) }))
    .default([]),
  stateOwnership: z
    .strictObject({
      summary: z.string().min(1),
      controller: z.string().optional(),
      confidence: Confidence,
      sources: SourceRefs,
    })
    .optional(),
  website: z.string().optional(),
  note: z.string().optional(),
  sources: SourceRefs,
});
export type Vendor = z.infer<typeof Vendor>;

/**
 * A directed relation: `from` stands in `type` to `to`.
 * subsidiary: from is owned or controlled by to; affiliate: from is an affiliate of to;
 * brand: from is a brand of to; oem: from sells equipment made by to under its own name;
 * shareholder: to holds a stake in from (without control).
 */
export const RelationType = z.enum(['subsidiary', 'affiliate', 'brand', 'oem', 'shareholder']);
export type RelationType = z.infer<typeof RelationType>;

export const Relation = z.strictObject({
  id: Id,
  type: RelationType,
  from: Id,
  to: Id,
  since: PartialDate.optional(),
  until: PartialDate.optional(),
  confidence: Confidence,
  note: z.string().optional(),
  sources: SourceRefs,
});
export type Relation = z.infer<typeof Relation>;

export const EquipmentClass = z.enum([
  'telecommunications',
  'video-surveillance',
  'radio',
  'all',
  'internet-connected-cctv',
  /** Software applications (TikTok bans on government devices), not hardware. */
  'applications',
]);

export const RestrictedEntity = z.strictObject({
  vendor: Id,
  /** Whether the instrument reaches subsidiaries and affiliates of the named entity. */
  includesAffiliates: z.boolean(),
  equipment: z.array(EquipmentClass).min(1),
  /** Per-entity date where it differs from the instrument's. */
  since: PartialDate.optional(),
  note: z.string().optional(),
});

export const Restriction = z.strictObject({
  id: Id,
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$|^EU$/, 'ISO 3166 code, subdivision or EU'),
  /** A label short enough for a table column, e.g. `NDAA §889(a)(1)(A)`. */
  short: z.string().min(1).max(32),
  instrument: z.string().min(1),
  title: z.string().min(1),
  kind: z.enum([
    'procurement-ban',
    'use-ban',
    'authorization-ban',
    'covered-list',
    'export-control',
    'government-removal',
    'testing-requirement',
    'operating-ban',
    /** A ban on buying or selling the company's securities (the U.S. NS-CMIC list). */
    'investment-ban',
  ]),
  /** What is restricted, for which uses, in the instrument's terms. */
  scope: z.string().min(1),
  /** First public announcement (a press release, a proposed rule). */
  announced: PartialDate.optional(),
  /** Adopted or enacted (a vote, a signature). */
  adopted: PartialDate.optional(),
  /** Released or published (an order's release, a Federal Register publication). */
  released: PartialDate.optional(),
  /** In force from this date; before it the restriction does not apply. */
  effective: PartialDate,
  /** No longer in force from this date. */
  until: PartialDate.optional(),
  /** Entities the instrument names; empty where it targets a class (e.g. all CCTV imports). */
  entities: z.array(RestrictedEntity).default([]),
  appliesToAllPrcOrigin: z.boolean().default(false),
  confidence: Confidence,
  note: z.string().optional(),
  sources: SourceRefs,
});
export type Restriction = z.infer<typeof Restriction>;

export const FingerprintKind = z.enum([
  'mac-prefix',
  'http-server',
  'http-title',
  'http-body',
  'http-realm',
  'favicon-md5',
  'favicon-mmh3',
  'rtsp-server',
  'rtsp-realm',
  'tls-subject',
  'tls-issuer',
  'snmp-pen',
  'onvif-scope',
  'model-code',
  'cloud-domain',
  'telnet-banner',
  'sdk-banner',
]);
export type FingerprintKind = z.infer<typeof FingerprintKind>;

export const DeviceType = z.enum([
  'camera',
  'nvr',
  'dvr',
  'xvr',
  'intercom',
  'gateway',
  'router',
  'radio',
  'unknown',
]);
export type DeviceType = z.infer<typeof DeviceType>;

export const Fingerprint = z.strictObject({
  id: Id,
  kind: FingerprintKind,
  /** The maker whose equipment this identifies. */
  vendor: Id,
  /** The label brand, where the pattern identifies a rebrand rather than the maker's own. */
  brand: Id.optional(),
  /**
   * `regex` (JavaScript syntax, case-insensitive unless `caseSensitive`), `exact`, `prefix`
   * (MAC prefixes, as hex digits) or `suffix` (domains: the name itself or any subdomain).
   */
  match: z.enum(['regex', 'exact', 'prefix', 'suffix']),
  pattern: z.string().min(1),
  caseSensitive: z.boolean().default(false),
  /** Strength of the evidence, 0..1: 0.3 hints, 0.6 suggests, 0.9 all but proves. */
  weight: z.number().min(0).max(1),
  deviceType: DeviceType.optional(),
  /** Strings this pattern must match. */
  examples: z.array(z.string()).min(1, 'every pattern needs an example it matches'),
  /** Strings this pattern must not match. */
  negatives: z.array(z.string()).default([]),
  confidence: Confidence.default('high'),
  note: z.string().optional(),
  sources: SourceRefs,
});
export type Fingerprint = z.infer<typeof Fingerprint>;

/**
 * One affected range: which products (device types and/or model patterns, per vendor) and which
 * firmware (version bounds and/or build dates), as the vendor's advisory or the CVE record states it.
 * A device is affected only when both its product and its firmware are in range.
 */
export const AffectedRange = z.strictObject({
  /** Product line, platform or model family this range covers, in the source's words. */
  product: z.string().min(1),
  /** Vendors whose products this range covers; absent means the advisory's vendors. */
  vendors: z.array(Id).min(1).optional(),
  /** Kinds of device the range covers (the product scope when no model pattern is given). */
  deviceTypes: z.array(DeviceType).min(1).optional(),
  /** Model codes this range applies to (regex, case-insensitive). */
  models: z.string().optional(),
  scheme: z.enum(['hikvision', 'dahua', 'semver']),
  /** Firmware strings this range applies to (regex), where a fix differs between builds of one line. */
  firmware: z.string().optional(),
  introduced: z.string().optional(),
  /** The last version known to be affected (inclusive). */
  lastAffected: z.string().optional(),
  /** The first fixed version (exclusive upper bound). */
  fixed: z.string().optional(),
  /** Firmware built before this date is affected (for advisories stated by date). */
  builtBefore: PartialDate.optional(),
  note: z.string().optional(),
  /** Where this range's product scope and bounds are stated. */
  sources: SourceRefs,
});
export type AffectedRange = z.infer<typeof AffectedRange>;

export const Advisory = z.strictObject({
  id: Id,
  cve: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  title: z.string().min(1),
  vendors: z.array(Id).min(1),
  cvss: z.number().min(0).max(10).optional(),
  kev: z.strictObject({ added: PartialDate, due: PartialDate.optional() }).optional(),
  vendorAdvisory: z.string().optional(),
  published: PartialDate.optional(),
  affected: z.array(AffectedRange).min(1),
  note: z.string().optional(),
  sources: SourceRefs,
});
export type Advisory = z.infer<typeof Advisory>;

/** A product family: which model codes name which kind of device, for one vendor. */
export const Product = z.strictObject({
  id: Id,
  vendor: Id,
  name: z.string().min(1),
  deviceType: DeviceType,
  /** Model codes of the family (regex, case-insensitive). */
  models: z.string().min(1),
  examples: z.array(z.string()).min(1, 'every pattern needs an example it matches'),
  negatives: z.array(z.string()).default([]),
  note: z.string().optional(),
  sources: SourceRefs,
});
export type Product = z.infer<typeof Product>;

export const KbFiles = {
  sources: z.array(Source),
  vendors: z.array(Vendor),
  relations: z.array(Relation),
  restrictions: z.array(Restriction),
  fingerprints: z.array(Fingerprint),
  advisories: z.array(Advisory),
  products: z.array(Product),
  sdks: z.array(Sdk),
  'firmware-components': z.array(FirmwareComponent),
  'firmware-indicators': z.array(FirmwareIndicator),
} as const;
export type KbCollection = keyof typeof KbFiles;
