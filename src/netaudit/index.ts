// Network audit: observations (from probes or imports) -> evidence -> one verdict per host.
export type { HostObservations, Observation } from './observation.js';
export type { Evidence } from './evidence.js';
export { identifyHost, type HostVerdict, type Confidence } from './fuse.js';
export {
  parseTarget,
  countTargets,
  firstPublicTarget,
  isPublicIpv4,
  isPublicIpv6,
  maxTargets,
  type Target,
} from './targets.js';
export { formatHostTable, summarize, sortHosts } from './report/table.js';
export { formatHostCsv } from './report/csv.js';
export {
  runScan,
  defaultPorts,
  defaultRetries,
  type ScanProgress,
  type ScanOptions,
} from './net-scan.js';
export type { DeviceAuthOptions, DeviceCredential } from './probe-device-auth.js';
