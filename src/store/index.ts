// The store: one interface (store.ts), one folder per database dialect.
export type * from './store.js';
export { beforeFirstRowid, maxCameraOsmId } from './store.js';
export { changedAreas, storeAreas, type StoreArea, type StoreChanges } from './changes.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { storeErrorOf, type StoreAccess } from './sqlite/sqlite-errors.js';
export { sqliteMigrations, type Migration } from './sqlite/migrations.js';
export { openStoreAt, type OpenStoreOptions } from './store-open.js';
export { isPostgresUrl } from './postgres/pg-store.js';
