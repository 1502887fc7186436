// The street map's end-to-end test in chromium (street-map.system.test.ts) over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('the street map', () => import('./street-map.system.test.js'));
