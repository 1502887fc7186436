import { formatStats } from '../../atlas/format.js';
import { atlasStats } from '../../atlas/stats.js';
import { withAtlas } from '../atlas-context.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { kbOrThrow } from '../kb-context.js';

export const atlasStatsCommand = defineCommand({
  path: ['atlas', 'stats'],
  summary: "the atlas's statistics, and the seed article's figures against the records",
  description: `Prints the seed article's headline figures ("claimed X by S") beside what the records support,
with the records behind each count; then deployments by vendor and year, cameras by project
(every source's figure side by side), financing totals by financier and restrictions by
jurisdiction. The store is seeded from data/atlas on first use.`,
  options: { ...jsonOption, ...dbOption },
  run: async ({ flags, io }) => {
    const kb = await kbOrThrow();
    return withAtlas(flags.db, async (atlas) => {
      const stats = atlasStats(atlas, kb);
      if (flags.json) writeJson(io, stats);
      else io.stdout.write(formatStats(stats));
      return 0;
    });
  },
});
