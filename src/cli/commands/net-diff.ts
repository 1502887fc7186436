import { diffScans, formatDiff, type DiffHost } from '../../netaudit/report/diff.js';
import { UserError } from '../../shared/errors.js';
import type { Store } from '../../store/index.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { openStoreForReading } from '../store-context.js';

export const netDiff = defineCommand({
  path: ['net', 'diff'],
  summary: 'what appeared, disappeared or changed between two saved scans',
  args: '<scan-a> <scan-b>',
  description: 'Scan ids are those `sousveil net history` lists.',
  options: { ...jsonOption, ...dbOption },
  run: async ({ positionals, flags, io }) => {
    const [a, b] = positionals;
    if (a === undefined || b === undefined || positionals.length > 2)
      throw new UserError(`net diff: needs two scan ids, got ${positionals.length}`, {
        hint: 'sousveil net history lists them; then sousveil net diff 3 4',
      });
    const store = await openStoreForReading(flags.db);
    try {
      const diff = diffScans(await hostsOf(store, a), await hostsOf(store, b));
      if (flags.json) writeJson(io, diff);
      else io.stdout.write(formatDiff(diff));
      return 0;
    } finally {
      await store.close();
    }
  },
});

async function hostsOf(store: Store, idText: string): Promise<DiffHost[]> {
  const id = Number(idText);
  if (!Number.isInteger(id) || (await store.scans.get(id)) === undefined) {
    throw new UserError(`net diff: no saved scan with id "${idText}"`, {
      hint: 'sousveil net history lists the saved scans',
    });
  }
  return (await store.scans.hosts(id)).map((h) => ({
    ...h,
    advisories: (h.verdict as { advisories?: string[] } | null)?.advisories ?? [],
  }));
}
