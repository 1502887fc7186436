import { z } from 'zod';
import { Confidence } from './schema-base.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case kebab-case');
const SourceRefs = z.array(Id).min(1, 'every record needs at least one source');

/**
 * An embedded component found by its version string in a firmware's files (EMBA's S09 idea:
 * strings of every binary against version regexes). `pattern` is a regex whose first capture
 * group is the version; `files` optionally limits the paths it is tried on.
 */
export const FirmwareComponent = z.strictObject({
  id: Id,
  name: z.string().min(1),
  /** CPE 2.3 vendor and product, for the SBOM and for looking the component up elsewhere. */
  cpe: z.strictObject({ vendor: z.string().min(1), product: z.string().min(1) }).optional(),
  /** Package URL type and name (`pkg:generic/busybox`). */
  purl: z.string().regex(/^pkg:[a-z]+\/[^@\s]+$/),
  pattern: z.string().min(1),
  files: z.string().optional(),
  /** Strings the pattern must match (with a version captured). */
  examples: z.array(z.string()).min(1, 'every rule needs an example it matches'),
  negatives: z.array(z.string()).min(1, 'every rule needs a negative example'),
  note: z.string().optional(),
  sources: SourceRefs,
});
export type FirmwareComponent = z.infer<typeof FirmwareComponent>;

/** What kind of weakness an indicator shows. */
export const IndicatorKind = z.enum([
  'password-hash',
  'boot-daemon',
  'private-key',
  'certificate',
  'cloud-endpoint',
  'signature-scheme',
]);
export type IndicatorKind = z.infer<typeof IndicatorKind>;

/**
 * Something in an unpacked image worth reporting: a known hard-coded password hash, a telnet or
 * debug daemon started at boot, a private key, a vendor cloud endpoint. `target: content` tries
 * the regex on file text (of files whose path matches `files`), `target: path` on entry paths.
 */
export const FirmwareIndicator = z.strictObject({
  id: Id,
  title: z.string().min(1),
  kind: IndicatorKind,
  severity: z.enum(['high', 'medium', 'low', 'info']),
  /** The vendor whose cloud or scheme it is, where it is one vendor's. */
  vendor: Id.optional(),
  target: z.enum(['content', 'path']).default('content'),
  files: z.string().optional(),
  pattern: z.string().min(1),
  caseSensitive: z.boolean().default(true),
  examples: z.array(z.string()).min(1, 'every rule needs an example it matches'),
  negatives: z.array(z.string()).min(1, 'every rule needs a negative example'),
  confidence: Confidence.default('high'),
  note: z.string().optional(),
  sources: SourceRefs,
});
export type FirmwareIndicator = z.infer<typeof FirmwareIndicator>;
