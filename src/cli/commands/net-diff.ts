import { diffScans, formatDiff, type DiffHost } from '../../netaudit/report/diff.js';
import { UserError } from '../../shared/errors.js';
import type { Store } from '../../store/index.js';
import { jsonOption, writeJson, type Command } from '../command.js';
import { openStoreForReading } from '../store-context.js';

export const netDiff: Command = {
  path: ['net', 'diff'],
  summary: 'what appeared, disappeared or changed between two saved scans',
  usage:
    'Usage: sousveil net diff <scan-a> <scan-b> [--db FILE] [--json]   (ids from `net history`)',
  options: { ...jsonOption, db: { type: 'string' } },
  run: async ({ positionals, flags, io }) => {
    const [a, b] = positionals;
    if (a === undefined || b === undefined)
      throw new UserError(`net diff needs two scan ids\n\n${netDiff.usage}`);
    const store = openStoreForReading(flags.db);
    try {
      const diff = diffScans(await hostsOf(store, a), await hostsOf(store, b));
      if (flags.json === true) writeJson(io, diff);
      else io.stdout.write(formatDiff(diff));
      return 0;
    } finally {
      await store.close();
    }
  },
};

async function hostsOf(store: Store, idText: string): Promise<DiffHost[]> {
  const id = Number(idText);
  if (!Number.isInteger(id) || (await store.scans.get(id)) === undefined) {
    throw new UserError(`no saved scan with id "${idText}" (see \`sousveil net history\`)`);
  }
  return (await store.scans.hosts(id)).map((h) => ({
    ...h,
    advisories: (h.verdict as { advisories?: string[] } | null)?.advisories ?? [],
  }));
}
