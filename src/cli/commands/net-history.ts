import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { openStoreForReading } from '../store-context.js';

export const netHistory = defineCommand({
  path: ['net', 'history'],
  summary: 'list the scans and imports saved in the store',
  description: 'Newest first; `sousveil net diff A B` compares two of them.',
  options: {
    ...jsonOption,
    ...dbOption,
    limit: { type: 'integer', value: 'N', min: 1, default: 50, description: 'how many to list' },
  },
  run: async ({ flags, io }) => {
    const store = await openStoreForReading(flags.db);
    try {
      const runs = await store.scans.list({ limit: flags.limit });
      if (flags.json) {
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
});
