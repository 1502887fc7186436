// The API contract: every /api/v1 answer described once. The server's routes declare these as
// their responses (the OpenAPI document is generated from them); the web imports the types only.
export * from './common.js';
export * from './atlas.js';
export * from './statistics.js';
export * from './vendors.js';
export * from './scans.js';
export * from './search.js';
export * from './map.js';
export * from './cameras.js';
export * from './apps.js';
export * from './firmware.js';
export * from './reports.js';
export * from './moderation.js';
export * from './report-exports.js';
export * from './sites.js';
