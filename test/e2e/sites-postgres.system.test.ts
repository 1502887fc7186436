// sites.system.test.ts in chromium with the observatory over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('sites', () => import('./sites.system.test.js'));
