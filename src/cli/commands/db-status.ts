import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { existsSync } from 'node:fs';
import { sqliteMigrations, type Migration } from '../../store/index.js';
import { sqliteMigrationState } from '../../store/sqlite/sqlite-open.js';
import {
  postgresMigrationState,
  isPostgresUrl,
  type PostgisState,
} from '../../store/postgres/pg-store.js';
import { safeUrl } from '../../store/postgres/pg-conn.js';
import { dbLocation } from '../store-context.js';

export const dbStatus = defineCommand({
  path: ['db', 'status'],
  summary: 'show which migrations a database has and which it lacks',
  description:
    'Reads an SQLite file or a PostgreSQL database (--db postgres://…, or SOUSVEIL_DB) without changing it; `sousveil db migrate` applies what is pending.',
  options: { ...jsonOption, ...dbOption },
  run: async ({ flags, io }) => {
    const where = dbLocation(flags.db);
    const postgres = isPostgresUrl(where);
    const shown = postgres ? safeUrl(where) : where;
    if (!postgres && !existsSync(where)) {
      if (flags.json) writeJson(io, { database: shown, dialect: 'sqlite', exists: false });
      else
        io.stdout.write(
          `${shown}: no database yet (the first command that saves creates it, or \`sousveil db migrate\`)\n`,
        );
      return 0;
    }
    const state: { applied: number[]; pending: Migration[]; postgis?: PostgisState } = postgres
      ? await postgresMigrationState(where)
      : sqliteMigrationState(where, sqliteMigrations);
    const pending = state.pending.map((m) => ({ version: m.version, name: m.name }));
    if (flags.json) {
      writeJson(io, {
        database: shown,
        dialect: postgres ? 'postgres' : 'sqlite',
        exists: true,
        applied: state.applied,
        pending,
        ...(state.postgis === undefined ? {} : { postgis: state.postgis }),
      });
      return 0;
    }
    io.stdout.write(
      `${shown} (${postgres ? 'PostgreSQL' : 'SQLite'}): ${String(state.applied.length)} migration(s) applied${state.applied.length > 0 ? ` (${state.applied.join(', ')})` : ''}\n`,
    );
    if (state.postgis !== undefined) io.stdout.write(`${postgisLine[state.postgis]}\n`);
    if (pending.length === 0) io.stdout.write('up to date\n');
    else
      io.stdout.write(
        `pending: ${pending.map((m) => `${String(m.version)} ${m.name}`).join(', ')}; run \`sousveil db migrate\`\n`,
      );
    return 0;
  },
});

/** What `db status` says of PostGIS and the street map. */
const postgisLine = {
  indexed: 'PostGIS: the street map uses its spatial index',
  available: 'PostGIS: available on the server; the pending street-map migration (7) will use it',
  unused:
    'PostGIS: installed after the street map was created; cameras keep the GiST box index (same answers)',
  missing:
    "PostGIS: missing on this PostgreSQL server; the street map uses a GiST index on point boxes (same answers, slower over millions of cameras; install PostGIS before `db migrate` creates the cameras' table to use it)",
} as const;
