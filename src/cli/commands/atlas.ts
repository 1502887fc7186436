import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveAtlas, storedAtlasCount } from '../../atlas/atlas-store.js';
import { checkAtlas } from '../../atlas/check.js';
import { formatStats, formatSubject } from '../../atlas/format.js';
import { atlasToGeoJson } from '../../atlas/geojson.js';
import { planImport } from '../../atlas/import.js';
import { readImport } from '../../atlas/fs-import.js';
import { formatAtlasProblem, type AtlasProblem } from '../../atlas/parse.js';
import { emptyAtlas, type Atlas } from '../../atlas/schema.js';
import { findSubject, showSubject, suggestSubjects } from '../../atlas/show.js';
import { atlasStats } from '../../atlas/stats.js';
import { atlasToCsv, dataPackage, TABLE_NAMES } from '../../atlas/tables.js';
import { UserError } from '../../shared/errors.js';
import { atlasRefs, storedAtlas } from '../atlas-context.js';
import { jsonOption, writeJson, type CliIo, type Command, type Flags } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForReading, openStoreForWriting } from '../store-context.js';

const dbOption = { db: { type: 'string' } } as const;

async function withAtlas<T>(flags: Flags, fn: (atlas: Atlas) => Promise<T>): Promise<T> {
  const store = openStoreForReading(flags.db);
  try {
    return await fn(await storedAtlas(store));
  } finally {
    await store.close();
  }
}

export const atlasStatsCommand: Command = {
  path: ['atlas', 'stats'],
  summary: "the atlas's statistics, and the seed article's figures against the records",
  usage: `Usage: sousveil atlas stats [--db FILE] [--json]

Prints the seed article's headline figures ("claimed X by S") beside what the records support,
with the records behind each count; then deployments by vendor and year, cameras by project
(every source's figure side by side), financing totals by financier and restrictions by
jurisdiction. The store is seeded from data/atlas on first use.`,
  options: { ...jsonOption, ...dbOption },
  run: async ({ flags, io }) => {
    const kb = await kbOrThrow();
    return withAtlas(flags, async (atlas) => {
      const stats = atlasStats(atlas, kb);
      if (flags.json === true) writeJson(io, stats);
      else io.stdout.write(formatStats(stats));
      return 0;
    });
  },
};

export const atlasShow: Command = {
  path: ['atlas', 'show'],
  summary: 'a country, project, vendor or financier: projects, figures with sources, restrictions',
  usage: `Usage: sousveil atlas show <country|project|vendor|organisation> [--db FILE] [--json]

Looks the name up as a country (name or ISO code), a project (name, alias or id), a vendor
(kb name or alias) or an organisation such as a financier. Every figure is shown with its
sources, numbered; where sources disagree, their figures stand side by side.`,
  options: { ...jsonOption, ...dbOption },
  run: async ({ positionals, flags, io }) => {
    const query = positionals.join(' ').trim();
    if (query === '') throw new UserError(`atlas show needs a name\n\n${atlasShow.usage}`);
    const kb = await kbOrThrow();
    return withAtlas(flags, async (atlas) => {
      const subject = findSubject(atlas, kb, query);
      if (subject === undefined) {
        const near = suggestSubjects(atlas, kb, query);
        throw new UserError(
          `"${query}" is not a country, project, vendor or organisation in the atlas` +
            (near.length > 0 ? `; did you mean: ${near.join(', ')}?` : ''),
        );
      }
      const view = showSubject(atlas, kb, subject);
      if (flags.json === true) writeJson(io, view);
      else io.stdout.write(formatSubject(view));
      return 0;
    });
  },
};

const formats = ['json', 'csv', 'geojson'] as const;

export const atlasExport: Command = {
  path: ['atlas', 'export'],
  summary: 'export the atlas as JSON, CSV tables with a datapackage.json, or GeoJSON',
  usage: `Usage: sousveil atlas export --format json|csv|geojson [--out PATH] [--db FILE] [--json]

json     every record, one list per collection (what \`atlas import\` reads back)
geojson  an RFC 7946 FeatureCollection of places with their projects
csv      one CSV per table plus a Frictionless datapackage.json, into the folder --out
         (required for csv)
json and geojson go to stdout, or to the file --out.`,
  options: {
    ...jsonOption,
    ...dbOption,
    format: { type: 'string', default: 'json' },
    out: { type: 'string' },
  },
  run: async ({ flags, io }) => {
    const format = String(flags.format);
    if (!(formats as readonly string[]).includes(format))
      throw new UserError(`--format: "${format}" is not one of ${formats.join(', ')}`);
    const out = typeof flags.out === 'string' ? flags.out : undefined;
    if (format === 'csv' && out === undefined)
      throw new UserError('--format csv writes several files: give a folder with --out DIR');
    const kb = await kbOrThrow();
    return withAtlas(flags, async (atlas) => {
      if (format === 'csv') {
        const dir = out ?? '.';
        mkdirSync(dir, { recursive: true });
        const tables = atlasToCsv(atlas);
        for (const name of TABLE_NAMES) writeFileSync(join(dir, `${name}.csv`), tables[name]);
        const pkg = dataPackage({ created: `${io.today()}T00:00:00Z`, version: io.today() });
        writeFileSync(join(dir, 'datapackage.json'), `${JSON.stringify(pkg, null, 2)}\n`);
        const files = [...TABLE_NAMES.map((n) => `${n}.csv`), 'datapackage.json'];
        if (flags.json === true) writeJson(io, { dir, files });
        else io.stderr.write(`wrote ${files.length} files to ${dir}\n`);
        return 0;
      }
      const doc =
        format === 'geojson'
          ? atlasToGeoJson(atlas, kb)
          : { format: 'sousveil-atlas/1', exported: io.today(), ...atlas };
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (out !== undefined) {
        writeFileSync(out, text);
        io.stderr.write(`wrote ${out}\n`);
      } else io.stdout.write(text);
      return 0;
    });
  },
};

export const atlasImport: Command = {
  path: ['atlas', 'import'],
  summary: 'import atlas records from JSON, CSV tables or a datapackage.json',
  usage: `Usage: sousveil atlas import <file…> [--skip-invalid] [--db FILE] [--json]

Reads JSON (as \`atlas export\` writes), CSV tables named after their table (claims.csv,
claim_sources.csv, …) or a datapackage.json. Records replace those with the same id.
Every record is checked with what the store holds: schema, sources, references, dates,
coordinates. A problem is reported with file, row, field and reason, and by default nothing
is imported; --skip-invalid imports the good records and lists the rest. The import is one
transaction: a failure leaves the store as it was. Exit 1 when anything was refused.`,
  options: { ...jsonOption, ...dbOption, 'skip-invalid': { type: 'boolean', default: false } },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0)
      throw new UserError(`atlas import needs a file\n\n${atlasImport.usage}`);
    const origins = new Map<string, string>();
    const { atlas: incoming, problems } = readImport(positionals, origins);
    const kb = await kbOrThrow();
    const { countryBoxes } = await import('../../atlas/fs-atlas.js');
    const store = openStoreForWriting(flags.db);
    try {
      const { loadStoredAtlas } = await import('../../atlas/atlas-store.js');
      const base =
        (await storedAtlasCount(store)) > 0 ? await loadStoredAtlas(store) : emptyAtlas();
      const plan = planImport(base, incoming, problems, atlasRefs(kb), {
        today: io.today(),
        boxes: countryBoxes(),
        origin: (c, id) => origins.get(`${c}/${id}`),
        skipInvalid: flags['skip-invalid'] === true,
      });
      const written = plan.refused ? 0 : await saveAtlas(store, plan.accepted);
      report(io, flags, { written, refused: plan.refused, problems: plan.problems });
      return plan.problems.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
};

function report(
  io: CliIo,
  flags: Flags,
  r: { written: number; refused: boolean; problems: AtlasProblem[] },
): void {
  if (flags.json === true) {
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

export const atlasCheck: Command = {
  path: ['atlas', 'check'],
  summary: 'validate the atlas: sources, references, dates, coordinates, likely duplicates',
  usage: `Usage: sousveil atlas check [--dir DIR | --db FILE] [--json]

Checks the atlas data files (data/atlas, or DIR), or with --db the records in a store: every
record and claim sourced, every reference resolving (to the atlas or the kb), values of the
right type and unit, real dates not in the future, places inside their country's shape
(Natural Earth). Likely duplicates and unused sources are warnings. Exit 1 on any error.`,
  options: { ...jsonOption, ...dbOption, dir: { type: 'string' } },
  run: async ({ flags, io }) => {
    const kb = await kbOrThrow();
    const { loadAtlasDir, countryBoxes } = await import('../../atlas/fs-atlas.js');
    let atlas: Atlas;
    let errors: AtlasProblem[] = [];
    let origin: ((c: string, id: string) => string | undefined) | undefined;
    if (typeof flags.db === 'string') {
      const store = openStoreForReading(flags.db);
      try {
        const { loadStoredAtlas } = await import('../../atlas/atlas-store.js');
        atlas = await loadStoredAtlas(store);
      } finally {
        await store.close();
      }
    } else {
      const loaded = loadAtlasDir(typeof flags.dir === 'string' ? flags.dir : undefined);
      atlas = loaded.atlas;
      errors = loaded.problems;
      origin = (c, id) => loaded.origins.get(`${c}/${id}`);
    }
    const result = checkAtlas(atlas, atlasRefs(kb), {
      today: io.today(),
      boxes: countryBoxes(),
      ...(origin !== undefined ? { origin } : {}),
    });
    errors = [...errors, ...result.errors];
    const counts = Object.fromEntries(Object.entries(atlas).map(([k, v]) => [k, v.length]));
    if (flags.json === true)
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
};
