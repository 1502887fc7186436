// apps.system.test.ts in chromium with the observatory over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('apps', () => import('./apps.system.test.js'));
