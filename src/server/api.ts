// The JSON API under /api/v1: routes as data (method, path, parameters, the answer's schema, the
// handler), so the router, the OpenAPI document and the web's types come from one table.
import { appRoutes } from './api-apps.js';
import { atlasRoutes } from './api-atlas.js';
import { cameraRoutes } from './api-cameras.js';
import { firmwareRoutes } from './api-firmware.js';
import { kbRoutes } from './api-kb.js';
import { moderationRoutes } from './api-moderation.js';
import { reportRoutes } from './api-reports.js';
import { reportExportRoutes } from './api-report-exports.js';
import { scanRoutes } from './api-scans.js';
import { searchRoutes } from './api-search.js';
import { siteRoutes } from './api-sites.js';
import type { Route } from './api-types.js';

export {
  DEFAULT_MAX_APP_BYTES,
  MAX_UPLOAD_BYTES,
  type ApiContext,
  type ApiRequest,
  type ApiResponse,
  type Route,
} from './api-types.js';

export const routes: Route[] = [
  ...atlasRoutes,
  ...kbRoutes,
  ...scanRoutes,
  ...searchRoutes,
  ...cameraRoutes,
  ...appRoutes,
  ...firmwareRoutes,
  ...reportRoutes,
  ...moderationRoutes,
  ...reportExportRoutes,
  ...siteRoutes,
];
