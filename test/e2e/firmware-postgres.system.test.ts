// firmware.system.test.ts in chromium with the observatory over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('firmware', () => import('./firmware.system.test.js'));
