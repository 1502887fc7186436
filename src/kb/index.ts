// The knowledge base: vendors, relations, restrictions, fingerprints, advisories and sources.
// Schemas (zod) and YAML parsing load lazily inside loadKb/checkKbDir, keeping CLI start-up fast.
export type * from './schema.js';
export type { Kb } from './kb.js';
export { buildKb } from './kb.js';
export type { KbFileText, RawKb } from './parse.js';
export { formatProblem, type KbProblem } from './problems.js';
export {
  Identifier,
  type Identification,
  type IdentifyOutcome,
  type Evidence,
  type InputKind,
} from './identify.js';
export {
  describeVendor,
  isFederalEquipmentRule,
  type VendorVerdict,
  type RestrictionView,
  type RelationView,
  type AdvisoryView,
} from './verdict.js';
export {
  restrictionStatuses,
  isCoveringStatus,
  restrictionReaches,
  type CoverageStatus,
} from './status.js';
export { resolveMaker, pathsUp, pathConfidence, isActive, type RelationPath } from './relations.js';
export { matchMac, matchKind, matchDomain, type FingerprintIndex } from './matcher.js';
export { parseMac, parseMacPrefix, parseDomain, normalizeName } from './normalize.js';
export { firmwareFit, parseVersion, compareVersions, type VersionFit } from './versions.js';
export {
  assessAdvisories,
  assessAdvisory,
  advisoryScope,
  type AdvisoryAssessment,
  type AdvisoryStatus,
  type DeviceFacts,
} from './advisories.js';
export { productOfModel, normalizeDeviceType } from './products.js';
export {
  datePrecision,
  isCalendarDate,
  isCalendarDay,
  spanState,
  type DatePrecision,
  type SpanState,
} from './dates.js';
export { loadKb, checkKbDir, defaultKbDir } from './fs-loader.js';
export { SdkRuleIndex, ruleMatches, isAtBoundary, type SdkRuleRef } from './sdk-match.js';
/** The Exodus/ETIP list importer, loaded when asked for: its zod schemas cost start-up time. */
export const exodusImporter = (): Promise<typeof import('./exodus-import.js')> =>
  import('./exodus-import.js');
export { kbSourceBook, verdictView } from './views.js';
export { SourceBook, dateText } from './source-book.js';
export { placeName } from './labels.js';
export { evidenceKindLabels, jurisdictionOf, sdkCountry, sdkList, sdkPage } from './sdk-views.js';
export {
  alternativesFor,
  reachedByRestriction,
  ALTERNATIVE_CATEGORIES,
  type Alternative,
  type AlternativeGroup,
} from './alternatives.js';
export {
  componentVersions,
  componentVersion,
  indicatorMatch,
  indicatorMatches,
} from './firmware-match.js';
