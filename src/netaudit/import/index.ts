// `sousveil net import`: evidence people already have (scans, leases, logs, captures, inventories)
// -> HostObservations. Everything here is pure: callers read the bytes.
export {
  detectFormat,
  parseImport,
  importFormats,
  type ImportFormat,
  type ImportOptions,
} from './detect.js';
export type { ImportResult, Skipped } from './result.js';
export { mergeHosts } from './result.js';
export { parseNmapXml } from './nmap-xml.js';
export { parseDnsmasqLeases, parseDhcpdLeases } from './leases.js';
export { parseNeighbours } from './neighbours.js';
export { parseZeekDns, parseDnsmasqLog } from './dns-logs.js';
export {
  parseCsvInventory,
  resolveColumns,
  type ColumnMapping,
  type InventoryResult,
  type RowIssue,
} from './csv-inventory.js';
export { parsePcap, type PcapResult } from './pcap.js';
export {
  parseXml,
  findAll,
  childText,
  child,
  childrenNamed,
  localName,
  type XmlElement,
} from './xml.js';
export { observationsFromVerdict, claimsMoreThan } from './verdict-observations.js';
