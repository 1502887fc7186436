// street-basemap.system.test.ts in chromium with the observatory over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('street-basemap', () => import('./street-basemap.system.test.js'));
