// observatory.system.test.ts in chromium with the observatory over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('observatory', () => import('./observatory.system.test.js'));
