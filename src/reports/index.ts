// Citizen reports (pure): reading the form, the position grid, redaction of image regions.
export { dayOf, GRID_CELLS_PER_DEGREE, snapToGrid } from './grid.js';
export { newReport, readReportForm, reportPartNames, type SubmittedReport } from './intake.js';
export { paintBoxes, regionVariance, REDACT_MARGIN, type Box, type RgbImage } from './redact.js';
export { detectionRegions } from './tiles.js';
export { boxAround, distanceM } from './nearby.js';
export { mergeRefusal, publicReportCollection } from './merge.js';
