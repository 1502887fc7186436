import { loadStoredAtlas } from '../../atlas/atlas-store.js';
import { checkAtlas } from '../../atlas/check.js';
import { formatAtlasProblem, type AtlasProblem } from '../../atlas/parse.js';
import type { Atlas } from '../../atlas/schema.js';
import { UserError } from '../../shared/errors.js';
import { atlasRefs } from '../atlas-context.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { requireDir } from '../fs-io.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForReading } from '../store-context.js';

type Origin = (collection: string, id: string) => string | undefined;

export const atlasCheck = defineCommand({
  path: ['atlas', 'check'],
  summary: 'validate the atlas: sources, references, dates, coordinates, likely duplicates',
  description: `Checks the atlas data files (data/atlas, or --dir DIR), or with --db the records in a store:
every record and claim sourced, every reference resolving (to the atlas or the kb), values of
the right type and unit, real dates not in the future, places inside their country's shape
(Natural Earth). Likely duplicates and unused sources are warnings. Exit 1 on any error.`,
  options: {
    ...jsonOption,
    ...dbOption,
    dir: {
      type: 'string',
      value: 'DIR',
      description: 'the atlas folder to check (default data/atlas)',
    },
  },
  run: async ({ flags, io }) => {
    if (flags.dir !== undefined && flags.db !== undefined)
      throw new UserError('atlas check: --dir and --db name two atlases; give one');
    if (flags.dir !== undefined) requireDir('--dir', flags.dir);
    const kb = await kbOrThrow();
    const { countryBoxes } = await import('../../atlas/fs-atlas.js');
    const { atlas, errors: loadErrors, origin } = await loadAtlas(flags.db, flags.dir);
    const result = checkAtlas(atlas, atlasRefs(kb), {
      today: io.today(),
      boxes: countryBoxes(),
      ...(origin !== undefined ? { origin } : {}),
    });
    const errors = [...loadErrors, ...result.errors];
    const counts = Object.fromEntries(Object.entries(atlas).map(([k, v]) => [k, v.length]));
    if (flags.json)
      writeJson(io, { ok: errors.length === 0, errors, warnings: result.warnings, counts });
    else {
      for (const p of errors) io.stdout.write(`error: ${formatAtlasProblem(p)}\n`);
      for (const p of result.warnings) io.stdout.write(`warning: ${formatAtlasProblem(p)}\n`);
      const summary = Object.entries(counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      io.stderr.write(
        errors.length === 0
          ? `atlas ok: ${summary}; ${result.warnings.length} warning(s)\n`
          : `atlas check: ${errors.length} error(s), ${result.warnings.length} warning(s) in ${summary}\n`,
      );
    }
    return errors.length === 0 ? 0 : 1;
  },
});

/** The atlas to check: a store's records, or the data files of a folder (never empty). */
async function loadAtlas(
  db: string | undefined,
  dir: string | undefined,
): Promise<{ atlas: Atlas; errors: AtlasProblem[]; origin?: Origin }> {
  if (db !== undefined) {
    const store = await openStoreForReading(db);
    try {
      return { atlas: await loadStoredAtlas(store), errors: [] };
    } finally {
      await store.close();
    }
  }
  const { loadAtlasDir } = await import('../../atlas/fs-atlas.js');
  const loaded = loadAtlasDir(dir);
  const empty = Object.values(loaded.atlas).every((records) => records.length === 0);
  if (empty && loaded.problems.length === 0)
    throw new UserError(`--dir ${dir ?? 'data/atlas'}: no atlas records in it`, {
      hint: 'an atlas folder holds countries.yaml, projects.yaml, claims.yaml, … (as data/atlas does)',
    });
  return {
    atlas: loaded.atlas,
    errors: loaded.problems,
    origin: (c, id) => loaded.origins.get(`${c}/${id}`),
  };
}
