import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { existsSync } from 'node:fs';
import { openSqliteStore, sqliteMigrations } from '../../store/index.js';
import { sqliteMigrationState } from '../../store/sqlite/sqlite-open.js';
import { safeUrl } from '../../store/postgres/pg-conn.js';
import {
  isPostgresUrl,
  openPostgresStore,
  postgresMigrationState,
} from '../../store/postgres/pg-store.js';
import { dbLocation, postgisNotUsed } from '../store-context.js';

export const dbMigrate = defineCommand({
  path: ['db', 'migrate'],
  summary: 'create a database or bring it to the current schema',
  description:
    'Applies the pending migrations to an SQLite file (created if missing) or a PostgreSQL database (--db postgres://…, or SOUSVEIL_DB; several processes may start together).',
  options: { ...jsonOption, ...dbOption },
  run: async ({ flags, io }) => {
    const where = dbLocation(flags.db);
    const postgres = isPostgresUrl(where);
    const before = postgres
      ? await postgresMigrationState(where)
      : existsSync(where)
        ? sqliteMigrationState(where, sqliteMigrations)
        : { applied: [], pending: [...sqliteMigrations] };
    let postgis: string | undefined;
    if (postgres) {
      const store = await openPostgresStore(where);
      postgis = store.postgis ? 'indexed' : 'missing';
      await store.close();
    } else await openSqliteStore(where).close();
    const applied = before.pending.map((m) => ({ version: m.version, name: m.name }));
    const shown = postgres ? safeUrl(where) : where;
    if (flags.json)
      writeJson(io, { database: shown, applied, ...(postgis === undefined ? {} : { postgis }) });
    else {
      if (applied.length === 0) io.stdout.write(`${shown}: up to date\n`);
      else
        io.stdout.write(
          `${shown}: applied ${applied.map((m) => `${String(m.version)} ${m.name}`).join(', ')}\n`,
        );
      if (postgis === 'missing') io.stdout.write(`${postgisNotUsed}\n`);
    }
    return 0;
  },
});
