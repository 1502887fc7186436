// The knowledge base: vendors, relations, restrictions, fingerprints, advisories and sources.
export * from './schema.js';
export type { Kb } from './kb.js';
export { buildKb } from './kb.js';
export { parseKbFiles, type KbFileText, type RawKb } from './parse.js';
export { checkKb } from './check.js';
export { formatProblem, type KbProblem } from './problems.js';
export { deriveMacFingerprints } from './oui.js';
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
export { restrictionStatuses, isCoveringStatus, type CoverageStatus } from './status.js';
export { matchMac, matchKind, matchDomain, type FingerprintIndex } from './matcher.js';
export { parseMac, parseMacPrefix, parseDomain, normalizeName } from './normalize.js';
export { isInRange, parseVersion, compareVersions, type Applicability } from './versions.js';
export { loadKb, checkKbDir, defaultKbDir } from './fs-loader.js';
