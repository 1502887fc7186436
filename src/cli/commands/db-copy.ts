import { defineCommand, jsonOption, writeJson } from '../command.js';
import { UserError } from '../../shared/errors.js';
import { copySqliteToPostgres } from '../../store/postgres/pg-copy.js';
import { safeUrl } from '../../store/postgres/pg-conn.js';
import { isPostgresUrl } from '../../store/postgres/pg-store.js';
import { progressLine } from '../progress.js';

export const dbCopy = defineCommand({
  path: ['db', 'copy'],
  summary: 'move an SQLite store into an empty PostgreSQL database, checked row by row',
  description:
    'Copies every table (scans with their hosts, records, map points, the search index, app and firmware audits, street cameras with their places and cluster grid, citizen reports with their photos and decisions, moderators) in one transaction, ids kept, then compares row counts and a SHA-256 of every table on both sides. Refuses a target that holds data, and a source holding a table it does not know (from a newer sousveil).',
  options: {
    ...jsonOption,
    from: { type: 'string', value: 'FILE', description: 'the SQLite store to copy' },
    to: { type: 'string', value: 'URL', description: 'the PostgreSQL database (postgres://…)' },
  },
  run: async ({ flags, io }) => {
    const from = flags.from;
    const to = flags.to;
    if (from === undefined || to === undefined)
      throw new UserError('db copy: --from FILE and --to postgres://… are both needed', {
        hint: 'sousveil db copy --from sousveil.db --to postgres://user@host/db',
      });
    if (!isPostgresUrl(to))
      throw new UserError(`db copy: --to ${to}: not a PostgreSQL URL (postgres://…)`);
    const progress = progressLine(io);
    const result = await copySqliteToPostgres(from, to, (table, rows) =>
      progress.update(`${table}: ${rows.toLocaleString('en')} rows`),
    );
    progress.done();
    if (flags.json) {
      writeJson(io, { from, to: safeUrl(to), ...result });
      return 0;
    }
    for (const t of result.tables)
      io.stdout.write(
        `${t.table.padEnd(13)} ${String(t.rows).padStart(9)} rows  sha256 ${t.sha256}\n`,
      );
    io.stdout.write(`copied ${from} to ${safeUrl(to)}: counts and checksums match\n`);
    return 0;
  },
});
