import { loadStoredAtlas, saveAtlas, storedAtlasCount } from '../../atlas/atlas-store.js';
import { planImport } from '../../atlas/import.js';
import { formatAtlasProblem, type AtlasProblem } from '../../atlas/parse.js';
import { emptyAtlas } from '../../atlas/schema.js';
import { UserError } from '../../shared/errors.js';
import { atlasRefs } from '../atlas-context.js';
import { readImport } from '../../atlas/fs-import.js';
import { dbOption, defineCommand, jsonOption, writeJson, type CliIo } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForWriting } from '../store-context.js';

export const atlasImport = defineCommand({
  path: ['atlas', 'import'],
  summary: 'import atlas records from JSON, CSV tables or a datapackage.json',
  args: '<file…>',
  description: `Reads JSON (as \`atlas export\` writes), CSV tables named after their table (claims.csv,
claim_sources.csv, …) or a datapackage.json. Records replace those with the same id.
Every record is checked with what the store holds: schema, sources, references, dates,
coordinates. A problem is reported with file, row, field and reason, and by default nothing
is imported; --skip-invalid imports the good records and lists the rest. The import is one
transaction: a failure leaves the store as it was. Exit 1 when anything was refused.`,
  options: {
    ...jsonOption,
    ...dbOption,
    'skip-invalid': { type: 'boolean', description: 'import the good records, list the rest' },
  },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0)
      throw new UserError('atlas import: no file given', {
        hint: 'sousveil atlas import atlas.json (or CSV tables, or a datapackage.json)',
      });
    const origins = new Map<string, string>();
    const { atlas: incoming, problems } = readImport(positionals, origins);
    const kb = await kbOrThrow();
    const { countryBoxes } = await import('../../atlas/fs-atlas.js');
    const store = openStoreForWriting(flags.db);
    try {
      const base =
        (await storedAtlasCount(store)) > 0 ? await loadStoredAtlas(store) : emptyAtlas();
      const plan = planImport(base, incoming, problems, atlasRefs(kb), {
        today: io.today(),
        boxes: countryBoxes(),
        origin: (c, id) => origins.get(`${c}/${id}`),
        skipInvalid: flags['skip-invalid'],
      });
      const written = plan.refused ? 0 : await saveAtlas(store, plan.accepted);
      report(io, flags.json, { written, refused: plan.refused, problems: plan.problems });
      return plan.problems.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
});

function report(
  io: CliIo,
  json: boolean,
  r: { written: number; refused: boolean; problems: AtlasProblem[] },
): void {
  if (json) {
    writeJson(io, r);
    return;
  }
  for (const p of r.problems) io.stderr.write(`${formatAtlasProblem(p)}\n`);
  if (r.refused)
    io.stderr.write(
      `atlas import: ${r.problems.length} problem(s); nothing imported (--skip-invalid imports the good records)\n`,
    );
  else
    io.stderr.write(
      `atlas import: ${r.written} record(s) imported${r.problems.length > 0 ? `, ${r.problems.length} problem(s) skipped` : ''}\n`,
    );
}
