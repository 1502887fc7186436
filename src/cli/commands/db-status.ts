import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { existsSync } from 'node:fs';
import { sqliteMigrations } from '../../store/index.js';
import { sqliteMigrationState } from '../../store/sqlite/sqlite-open.js';
import { postgresMigrationState, isPostgresUrl } from '../../store/postgres/pg-store.js';
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
    const state = postgres
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
      });
      return 0;
    }
    io.stdout.write(
      `${shown} (${postgres ? 'PostgreSQL' : 'SQLite'}): ${String(state.applied.length)} migration(s) applied${state.applied.length > 0 ? ` (${state.applied.join(', ')})` : ''}\n`,
    );
    if (pending.length === 0) io.stdout.write('up to date\n');
    else
      io.stdout.write(
        `pending: ${pending.map((m) => `${String(m.version)} ${m.name}`).join(', ')}; run \`sousveil db migrate\`\n`,
      );
    return 0;
  },
});
