// The atlas model (pure, zod): entities, and the claims made about them. Every figure lives in a
// claim with its sources; entities hold only names, places, links and their own sources.
import { z } from 'zod';
import { Confidence, PartialDate, Source } from '../kb/schema.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case kebab-case');
const SourceRefs = z.array(Id).min(1, 'every record needs at least one source');
const Text = z.string().trim().min(1);

export { Confidence, PartialDate };

/**
 * A source: the kb's shape, plus `article` for undated web articles, an archived copy, and a URL
 * that may be missing for a document with no public address (then `note` must say what it is).
 */
export const AtlasSource = Source.extend({
  /** The canonical address: the publisher's own page, the official register, the filing. */
  url: z.url().optional(),
  /**
   * Where the document was actually read when that was a copy (a mirror, a republication, a
   * scraper); `url` then names the canonical page, or is absent when it could not be found.
   */
  readAt: z.url().optional(),
  kind: z.union([Source.shape.kind, z.literal('article')]),
  archived: z.url().optional(),
  licence: Text.optional(),
}).refine((s) => s.url !== undefined || (s.note ?? '').length > 0, {
  error: 'a source without a url needs a note saying what and where the document is',
  path: ['url'],
});
export type AtlasSource = z.infer<typeof AtlasSource>;

/** ISO 3166-1 alpha-2 code, upper case. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code');

export const Region = z.enum(['africa', 'americas', 'asia', 'europe', 'oceania']);

export const Country = z.strictObject({
  /** ISO 3166-1 alpha-2. */
  id: CountryCode,
  iso3: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'),
  /** ISO 3166-1 numeric, three digits (the key Natural Earth shapes use). */
  numeric: z.string().regex(/^\d{3}$/, 'expected a three-digit ISO 3166-1 numeric code'),
  name: Text,
  region: Region,
  sources: SourceRefs,
});
export type Country = z.infer<typeof Country>;

export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

export const Place = z.strictObject({
  id: Id,
  name: Text,
  country: CountryCode,
  kind: z.enum(['city', 'region', 'port', 'border-crossing', 'railway', 'facility', 'district']),
  lat: Latitude,
  lon: Longitude,
  sources: SourceRefs,
});
export type Place = z.infer<typeof Place>;

/** Financiers, contractors, agencies: parties that are not kb vendors. */
export const Organisation = z.strictObject({
  id: Id,
  name: Text,
  aliases: z.array(Text).default([]),
  kind: z.enum([
    'policy-bank',
    'state-bank',
    'government',
    'government-agency',
    'state-enterprise',
    'contractor',
    'operator',
    'research',
    'civil-society',
  ]),
  country: CountryCode,
  summary: Text.optional(),
  sources: SourceRefs,
});
export type Organisation = z.infer<typeof Organisation>;

/** The capability taxonomy: what a deployment can do. Labels are shown in reports. */
export const CAPABILITIES = {
  cctv: 'video surveillance (CCTV)',
  'facial-recognition': 'facial recognition',
  'licence-plate-recognition': 'licence-plate recognition',
  'behavioural-analytics': 'behavioural analytics',
  'crowd-monitoring': 'crowd monitoring',
  'video-analytics': 'video analytics',
  'command-centre': 'command and control centre',
  'emergency-dispatch': 'emergency call and dispatch',
  'traffic-monitoring': 'traffic monitoring',
  'border-monitoring': 'border monitoring',
  'cargo-screening': 'cargo and vehicle screening',
  'telecom-network': 'telecommunications network',
  'data-centre': 'data centre and cloud',
  'mobile-tracking': 'mobile device location tracking',
  'social-media-monitoring': 'social media monitoring',
  'biometric-id': 'biometric identity',
  'police-radio': 'police and emergency radio',
} as const;
export const Capability = z.enum(Object.keys(CAPABILITIES) as [keyof typeof CAPABILITIES]);
export type Capability = z.infer<typeof Capability>;

export const ProjectKind = z.enum([
  'safe-city',
  'smart-city',
  'national-surveillance',
  'emergency-system',
  'police-platform',
  'port',
  'railway',
  'road',
  'border',
  'telecom-network',
  'economic-corridor',
]);

export const Project = z.strictObject({
  id: Id,
  name: Text,
  aliases: z.array(Text).default([]),
  kind: ProjectKind,
  country: CountryCode,
  places: z.array(Id).default([]),
  /** kb vendor ids or atlas organisation ids that supplied the systems. */
  vendors: z.array(Id).default([]),
  /** Organisation ids that financed it; amounts are claims. */
  financiers: z.array(Id).default([]),
  capabilities: z.array(Capability).default([]),
  /** Part of, or financed as, Belt and Road Initiative infrastructure. */
  bri: z.boolean().default(false),
  started: PartialDate.optional(),
  status: z
    .enum(['announced', 'under-construction', 'operating', 'suspended', 'cancelled', 'unknown'])
    .default('unknown'),
  summary: Text,
  /**
   * `candidate`: made by an importer (AidData) from a dataset row that a filter picked; not yet
   * read by a person. Candidates are listed and counted apart from reviewed projects.
   */
  review: z.literal('candidate').optional(),
  sources: SourceRefs,
});
export type Project = z.infer<typeof Project>;

export const Agreement = z.strictObject({
  id: Id,
  name: Text,
  kind: z.enum(['loan', 'contract', 'memorandum', 'grant', 'concession', 'framework']),
  /** Country codes, kb vendor ids or organisation ids. */
  parties: z.array(z.string().min(1)).min(1),
  project: Id.optional(),
  date: PartialDate.optional(),
  summary: Text.optional(),
  sources: SourceRefs,
});
export type Agreement = z.infer<typeof Agreement>;

export const Training = z.strictObject({
  id: Id,
  name: Text,
  /** kb vendor id or organisation id running it. */
  provider: Id,
  /** Country codes whose officials took part. */
  participants: z.array(CountryCode).min(1),
  date: PartialDate.optional(),
  summary: Text,
  sources: SourceRefs,
});
export type Training = z.infer<typeof Training>;

/**
 * What a claim is about: `world`, or `<kind>:<id>` for a country, place, project, organisation,
 * agreement, training, kb vendor or kb restriction.
 */
export const SubjectRef = z
  .string()
  .regex(
    /^(world|(country|place|project|organisation|agreement|training|vendor|restriction):[A-Za-z0-9][A-Za-z0-9._-]*)$/,
    'expected "world" or <country|place|project|organisation|agreement|training|vendor|restriction>:<id>',
  );
export type SubjectRef = z.infer<typeof SubjectRef>;

/** One source of a claim, with where in it the claim is made. */
export const Citation = z.strictObject({
  source: Id,
  /** The words of the source, quoted exactly (short). */
  quote: Text.optional(),
  /** Page, section or paragraph. */
  page: Text.optional(),
});

export const ClaimStatus = z.enum(['reported', 'disputed', 'refuted', 'confirmed']);

export const Claim = z.strictObject({
  id: Id,
  subject: SubjectRef,
  /** What is claimed; the known properties and their units are in properties.ts. */
  property: Id,
  value: z.union([z.number(), z.string().min(1), z.boolean()]),
  /** Upper bound when the claim is a range (`value` is then the lower bound). */
  valueMax: z.number().optional(),
  /** `at-least` for figures such as "63+"; `approximate` for "about". */
  precision: z.enum(['exact', 'approximate', 'at-least', 'at-most']).default('exact'),
  unit: Id.optional(),
  /** Another record the claim links the subject to (the financier of a loan, the vendor). */
  object: SubjectRef.optional(),
  /**
   * The area the figure covers where it is narrower than the subject (ISO 3166-1 alpha-2): a
   * vendor's users in one country. Figures of different scopes never corroborate each other.
   */
  scope: CountryCode.optional(),
  /** When the figure held (or was stated); partial dates allowed. */
  asOf: PartialDate.optional(),
  sources: z.array(Citation).min(1, 'every claim needs at least one source'),
  confidence: Confidence,
  status: ClaimStatus.default('reported'),
  note: Text.optional(),
});
export type Claim = z.infer<typeof Claim>;

/** Each atlas data collection and the schema of its elements. */
export const AtlasFiles = {
  sources: z.array(AtlasSource),
  countries: z.array(Country),
  places: z.array(Place),
  organisations: z.array(Organisation),
  projects: z.array(Project),
  agreements: z.array(Agreement),
  trainings: z.array(Training),
  claims: z.array(Claim),
} as const;
export type AtlasCollection = keyof typeof AtlasFiles;
export const ATLAS_COLLECTIONS = Object.keys(AtlasFiles) as AtlasCollection[];

/** The whole atlas, as validated records. */
export type Atlas = { [C in AtlasCollection]: Array<z.infer<(typeof AtlasFiles)[C]>[number]> };

export function emptyAtlas(): Atlas {
  return {
    sources: [],
    countries: [],
    places: [],
    organisations: [],
    projects: [],
    agreements: [],
    trainings: [],
    claims: [],
  };
}
