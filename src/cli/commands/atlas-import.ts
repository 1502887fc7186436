import type { AidDataSelection } from '../../atlas/aiddata.js';
import { loadStoredAtlas, saveAtlas, storedAtlasCount } from '../../atlas/atlas-store.js';
import { diffAtlas, planImport, type AtlasDiff } from '../../atlas/import.js';
import { formatAtlasProblem, type AtlasProblem } from '../../atlas/parse.js';
import { emptyAtlas, type Atlas } from '../../atlas/schema.js';
import { UserError } from '../../shared/errors.js';
import { atlasRefs, storedAtlas } from '../atlas-context.js';
import { readImport } from '../../atlas/fs-import.js';
import { dbOption, defineCommand, jsonOption, writeJson, type CliIo } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForReading, openStoreForWriting } from '../store-context.js';

export const atlasImport = defineCommand({
  path: ['atlas', 'import'],
  summary: 'import atlas records from JSON, CSV tables, a datapackage.json or AidData GCDF 3.0',
  args: '<file…>',
  description: `Reads JSON (as \`atlas export\` writes), CSV tables named after their table (claims.csv,
claim_sources.csv, …) or a datapackage.json. Records replace those with the same id.
With --format aiddata it reads AidData's GCDF 3.0 project CSV (full or dotted column names)
and per-project GeoJSON files: rows the filter selects (surveillance and state-ICT keywords,
police in ICT/government sectors, kb vendors in ICT/government sectors) become projects marked
"candidate" for review, with claims citing "AidData GCDF 3.0, record N" and each source URL
(status reported, low confidence); a record a curated project already cites gets the claims
instead. Ids come from the record number, so a re-import updates.
Every record is checked with what the store holds: schema, sources, references, dates,
coordinates. A problem is reported with file, row, field and reason, and by default nothing
is imported; --skip-invalid imports the good records and lists the rest. --dry-run lists the
records that would be added or changed and writes nothing. The import is one transaction: a
failure leaves the store as it was. Exit 1 when anything was refused.`,
  options: {
    ...jsonOption,
    ...dbOption,
    format: {
      type: 'string',
      value: 'FORMAT',
      choices: ['atlas', 'aiddata'],
      default: 'atlas',
      description: 'atlas (JSON, CSV tables) or aiddata (GCDF 3.0 CSV and GeoJSON)',
    },
    'skip-invalid': { type: 'boolean', description: 'import the good records, list the rest' },
    'dry-run': { type: 'boolean', description: 'list what would change; write nothing' },
  },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0)
      throw new UserError('atlas import: no file given', {
        hint: 'sousveil atlas import atlas.json (or CSV tables, or a datapackage.json)',
      });
    const aiddata = flags.format === 'aiddata';
    const dryRun = flags['dry-run'];
    const origins = new Map<string, string>();
    const kb = await kbOrThrow();
    const { countryBoxes } = await import('../../atlas/fs-atlas.js');
    const read = aiddata ? undefined : readImport(positionals, origins);
    const store = dryRun
      ? await openStoreForReading(flags.db)
      : await openStoreForWriting(flags.db);
    try {
      // AidData rows name countries and financiers by name: they need the seeded atlas.
      const base = aiddata
        ? await storedAtlas(store)
        : (await storedAtlasCount(store)) > 0
          ? await loadStoredAtlas(store)
          : emptyAtlas();
      let incoming: Atlas;
      let problems: AtlasProblem[];
      let selected: AidDataSelection[] | undefined;
      if (read !== undefined) ({ atlas: incoming, problems } = read);
      else {
        const { readAidDataImport } = await import('../../atlas/fs-aiddata.js');
        const vendors = [...kb.vendors.values()].map((v) => ({
          id: v.id,
          names: [v.name, ...v.aliases, ...v.legalNames],
        }));
        const r = await readAidDataImport(positionals, { base, vendors });
        ({ atlas: incoming, problems, selected } = r);
      }
      const plan = planImport(base, incoming, problems, atlasRefs(kb), {
        today: io.today(),
        boxes: countryBoxes(),
        origin: (c, id) => origins.get(`${c}/${id}`),
        skipInvalid: flags['skip-invalid'],
      });
      const diff = diffAtlas(base, plan.refused && dryRun ? incoming : plan.accepted);
      const written = plan.refused || dryRun ? 0 : await saveAtlas(store, plan.accepted);
      report(io, flags.json, {
        written,
        refused: plan.refused,
        problems: plan.problems,
        dryRun,
        diff,
        ...(selected !== undefined ? { selected } : {}),
      });
      return plan.problems.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
});

function report(
  io: CliIo,
  json: boolean,
  r: {
    written: number;
    refused: boolean;
    problems: AtlasProblem[];
    dryRun: boolean;
    diff: AtlasDiff;
    selected?: AidDataSelection[];
  },
): void {
  if (json) {
    writeJson(io, r);
    return;
  }
  for (const p of r.problems) io.stderr.write(`${formatAtlasProblem(p)}\n`);
  if (r.selected !== undefined)
    for (const s of r.selected)
      io.stdout.write(
        `selected: AidData record ${s.record} (${s.country}) → project ${s.project}${s.linked ? ' (curated; claims added)' : ' (candidate)'}: ${[...s.keywords, ...s.vendors].join(', ')}\n`,
      );
  if (r.dryRun) {
    for (const [what, list] of [
      ['add', r.diff.added],
      ['change', r.diff.changed],
    ] as const)
      for (const k of list) io.stdout.write(`would ${what}: ${k}\n`);
    io.stderr.write(
      `atlas import --dry-run: ${r.diff.added.length} to add, ${r.diff.changed.length} to change, ${r.diff.unchanged} unchanged${r.refused ? `; refused with ${r.problems.length} problem(s)` : ''}; nothing written\n`,
    );
    return;
  }
  if (r.refused)
    io.stderr.write(
      `atlas import: ${r.problems.length} problem(s); nothing imported (--skip-invalid imports the good records)\n`,
    );
  else
    io.stderr.write(
      `atlas import: ${r.written} record(s) imported (${r.diff.added.length} new, ${r.diff.changed.length} changed, ${r.diff.unchanged} unchanged)${r.problems.length > 0 ? `, ${r.problems.length} problem(s) skipped` : ''}\n`,
    );
}
