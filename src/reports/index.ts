// Citizen reports (pure): reading the form, the position grid, redaction of image regions, the
// Haar cascade that finds plates.
export { dayOf, GRID_CELLS_PER_DEGREE, snapToGrid } from './grid.js';
export { newReport, readReportForm, reportPartNames, type SubmittedReport } from './intake.js';
export { paintBoxes, regionVariance, REDACT_MARGIN, type Box, type RgbImage } from './redact.js';
export { detectionRegions } from './tiles.js';
export { parseHaarCascade, type HaarCascade } from './haar-cascade.js';
export {
  defaultHaarOptions,
  detectWithCascade,
  groupBoxes,
  type GreyImage,
  type HaarOptions,
} from './haar-detect.js';
export { boxAround, distanceM } from './nearby.js';
export {
  exportedReport,
  reportCsvColumns,
  reportsCsv,
  reportsGeoJson,
  reportsSource,
  type MakerLookup,
} from './export-rows.js';
export { osmTagsOf, reportsOsmChange, xmlAttr } from './osmchange.js';
export {
  MAX_EXPORT_REPORTS,
  MAX_PACK_REPORTS,
  photosAndDecisions,
  reportsById,
  reportsWithStatus,
} from './export-select.js';
export {
  buildEvidencePack,
  fromHex,
  MANIFEST,
  packMaker,
  photoPath,
  PUBLIC_KEY,
  SIGNATURE,
  toHex,
  type PackCrypto,
  type PackInput,
  type PackSigner,
} from './evidence-pack.js';
export { verifyEvidencePack, type PackCheck } from './evidence-verify.js';
export {
  evidencePack,
  exportTypes,
  reportsExport,
  type ExportFormat,
  type PackSelection,
} from './export-files.js';
export { mergeRefusal, publicReportCollection } from './merge.js';
