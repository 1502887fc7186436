import { checkKbDir, formatProblem } from '../../kb/index.js';
import { UserError } from '../../shared/errors.js';
import { defineCommand, jsonOption, writeJson } from '../command.js';
import { requireDir } from '../fs-io.js';
import { kbCounts } from '../kb-counts.js';

export const kbCheck = defineCommand({
  path: ['kb', 'check'],
  summary: 'validate the knowledge base: schemas, references, sources, patterns vs examples',
  description: `Validates every record in data/kb (or DIR): schema, unique ids, references between records,
sources for every record, every fingerprint and SDK rule against its examples and negatives, IEEE registrant
names against oui-data. Prints each problem as file: record: message. Exit 1 on any problem.`,
  options: {
    ...jsonOption,
    dir: { type: 'string', value: 'DIR', description: 'the kb folder to check (default data/kb)' },
  },
  run: async ({ flags, io }) => {
    if (flags.dir !== undefined) requireDir('--dir', flags.dir);
    const { problems, raw, derived } = await checkKbDir(flags.dir);
    const counts = kbCounts(raw, derived);
    const { fingerprintsByKind: _byKind, ...perCollection } = counts;
    if (problems.length === 0 && Object.values(perCollection).every((n) => n === 0))
      throw new UserError(`--dir ${flags.dir ?? 'data/kb'}: no kb records in it`, {
        hint: 'a kb folder holds vendors.yaml, sources.yaml, fingerprints.yaml, … (as data/kb does)',
      });
    if (flags.json) {
      writeJson(io, { ok: problems.length === 0, problems, counts });
    } else {
      for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
      const summary = `${counts.vendors} vendors, ${counts.relations} relations, ${counts.restrictions} restrictions, ${counts.fingerprints} fingerprints, ${counts.advisories} advisories, ${counts.products} product families, ${counts.sdks} SDKs (${counts.sdkRules} rules), ${counts.sources} sources`;
      io.stderr.write(
        problems.length === 0
          ? `kb ok: ${summary}\n`
          : `kb check: ${problems.length} problem(s) in ${summary}\n`,
      );
    }
    return problems.length === 0 ? 0 : 1;
  },
});
