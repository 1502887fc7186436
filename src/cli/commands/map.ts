// `sousveil map …`: the street map's subcommands, one file each.
export { mapExport } from './map-export.js';
export { mapImport } from './map-import.js';
export { mapStats } from './map-stats.js';
