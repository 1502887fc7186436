// The street map (pure): OSM readers, camera normalisation, maker resolution and the import.
// File access lives in `fs-osm.ts`, imported by the CLI directly.
export type { Camera, CameraMaker, OsmType } from './camera.js';
export { MakerResolver, makerTags } from './maker.js';
export { normalizeCamera, isSurveillance, defaultViewAngle } from './normalize.js';
export {
  importElements,
  type CameraSink,
  type CountryFinder,
  type ElementSource,
  type ImportReport,
  type Skipped,
  type UpsertCounts,
} from './import.js';
export type { OsmElement, OsmItem, ReaderLimits } from './osm-element.js';
export { cameraOfRecord, cameraSink, toCameraRecord } from './camera-store.js';
export {
  cameraFeature,
  cameraProperties,
  cameraCsvRow,
  csvHeader,
  geojsonFrame,
  osmAttribution,
  osmUrl,
  parseBbox,
  parseFilter,
  type FilterInput,
} from './export.js';
export { cameraView, cameraStats, cellDegrees, streetZoom, nearZoom } from './view.js';
