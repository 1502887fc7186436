import { z } from 'zod';
import { Confidence, PartialDate } from './schema-base.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case kebab-case');

/** What an SDK does with an app's users, in the terms. */
export const SdkCategory = z.enum([
  'ads',
  'analytics',
  'push',
  'crash',
  'fingerprinting',
  'social',
  'location',
  'payment',
  'maps',
  'webview',
  'security',
  'packer',
]);
export type SdkCategory = z.infer<typeof SdkCategory>;

/**
 * Where a rule looks. `package`: class names at a package boundary (`com.umeng` matches
 * `com.umeng.analytics.A`, never `com.umengx.A`); `component`: manifest activity, service, receiver
 * or provider names, the same way; `meta-data`: a manifest meta-data key, exactly; `native-lib`:
 * a `.so` file name, exactly, or a prefix when the pattern ends in `*`; `asset`: an entry path,
 * the same way; `domain`: a host in the app's strings, the name itself or any subdomain.
 */
export const SdkEvidenceKind = z.enum([
  'package',
  'component',
  'meta-data',
  'native-lib',
  'asset',
  'domain',
]);
export type SdkEvidenceKind = z.infer<typeof SdkEvidenceKind>;

export const SdkRule = z.strictObject({
  kind: SdkEvidenceKind,
  pattern: z.string().min(1),
  /** Values this rule must match. */
  examples: z.array(z.string()).min(1, 'every rule needs an example it matches'),
  /** Values this rule must not match. */
  negatives: z.array(z.string()).min(1, 'every rule needs a negative example'),
  confidence: Confidence.default('high'),
  note: z.string().optional(),
});
export type SdkRule = z.infer<typeof SdkRule>;

export const SdkMaker = z.strictObject({
  name: z.string().min(1),
  /** ISO 3166-1 alpha-2 country of the maker's headquarters; absent in imported lists. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** The kb vendor this maker is, or belongs to, where the kb has one. */
  vendor: Id.optional(),
  /** Ownership in a sentence (parent, listing, state holdings), when known. */
  ownership: z.string().optional(),
});
export type SdkMaker = z.infer<typeof SdkMaker>;

/** A third-party SDK an app can embed, with its maker and the rules that find it. */
export const Sdk = z.strictObject({
  id: Id,
  name: z.string().min(1),
  maker: SdkMaker,
  categories: z.array(SdkCategory).min(1),
  /** The Exodus tracker id, where Exodus lists it. */
  exodusId: z.number().int().positive().optional(),
  /** First seen or launched, where a source says so. */
  since: PartialDate.optional(),
  rules: z.array(SdkRule).min(1),
  note: z.string().optional(),
  sources: z.array(Id).min(1, 'every record needs at least one source'),
});
export type Sdk = z.infer<typeof Sdk>;
