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
