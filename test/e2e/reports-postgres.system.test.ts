// reports.system.test.ts in chromium with the observatory over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('reports', () => import('./reports.system.test.js'));
