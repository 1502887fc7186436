import { jsonOption, writeJson, type Command } from '../command.js';
import { openStoreForReading } from '../store-context.js';

export const netHistory: Command = {
  path: ['net', 'history'],
  summary: 'list the scans and imports saved in the store',
  usage: 'Usage: sousveil net history [--db FILE] [--limit N] [--json]',
  options: { ...jsonOption, db: { type: 'string' }, limit: { type: 'string', default: '50' } },
  run: async ({ flags, io }) => {
    const store = openStoreForReading(flags.db);
    try {
      const runs = await store.scans.list({ limit: Number(flags.limit) || 50 });
      if (flags.json === true) {
        writeJson(io, { runs });
        return 0;
      }
      io.stdout.write('ID  KIND    STARTED                   HOSTS  COVERED  TARGETS\n');
      for (const r of runs) {
        const s = (r.summary ?? {}) as { covered?: number };
        const p = (r.params ?? {}) as { targets?: string[]; files?: string[] };
        const what = (p.targets ?? p.files ?? []).join(' ');
        io.stdout.write(
          `${String(r.id).padEnd(3)} ${r.kind.padEnd(7)} ${r.startedAt.padEnd(25)} ${String(r.hostCount).padEnd(6)} ${String(s.covered ?? 0).padEnd(8)} ${what}\n`,
        );
      }
      if (runs.length === 0)
        io.stderr.write('no scans saved yet: run `sousveil net scan <targets>`\n');
      return 0;
    } finally {
      await store.close();
    }
  },
};
