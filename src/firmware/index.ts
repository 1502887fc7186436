// Firmware audit: container and header parsing (pure over bytes), the unpack walk (tools passed
// in), identity, advisories, indicators, components, SBOM and reports. Adapters (tools, files)
// are imported from their own files (`fs-*.ts`).
export {
  parseHikvision,
  sniffHikvision,
  xorHikvisionHeader,
  type HikvisionHeader,
} from './hikvision.js';
export {
  FirmwareZip,
  isDahuaZip,
  parseDahuaFileName,
  parseDahuaHwid,
  parseDahuaInstall,
} from './dahua.js';
export { parseUImage, isUImage, type UImage } from './uimage.js';
export { readTar } from './tar.js';
export { sniffFormat, type BlobFormat } from './sniff.js';
export {
  unpackFirmware,
  defaultUnpackLimits,
  type UnpackTools,
  type UnpackLimits,
  type FirmwareInventory,
  type ImageFile,
} from './unpack.js';
export { identifyFirmware, type FirmwareIdentity } from './identity.js';
export { analyzeFiles, type ComponentFinding, type IndicatorFinding } from './analyze.js';
export { buildFirmwareReport, type FirmwareReport, type AdvisoryFinding } from './report.js';
export { toCycloneDx } from './sbom.js';
export { formatFirmwareTable } from './format-table.js';
export { formatFirmwareHtml } from './format-html.js';
export { diffFirmwareReports, formatFirmwareDiff, type FirmwareReportDiff } from './diff.js';
export { firmwareFailsOn, firmwareFailOnChoices, type FirmwareFailOn } from './fail-on.js';
export { toFirmwareScan } from './store-row.js';
