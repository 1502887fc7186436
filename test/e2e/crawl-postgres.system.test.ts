// crawl.system.test.ts in chromium with the observatory over PostgreSQL.
import { onPostgres } from './postgres-twin.js';

await onPostgres('crawl', () => import('./crawl.system.test.js'));
