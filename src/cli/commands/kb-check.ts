import { checkKbDir, formatProblem } from '../../kb/index.js';
import { jsonOption, writeJson, type Command } from '../command.js';
import { kbCounts } from '../kb-counts.js';

export const kbCheck: Command = {
  path: ['kb', 'check'],
  summary: 'validate the knowledge base: schemas, references, sources, patterns vs examples',
  usage: `Usage: sousveil kb check [--dir DIR] [--json]

Validates every record in data/kb (or DIR): schema, unique ids, references between records,
sources for every record, every fingerprint and SDK rule against its examples and negatives, IEEE registrant
names against oui-data. Prints each problem as file: record: message. Exit 1 on any problem.`,
  options: { ...jsonOption, dir: { type: 'string' } },
  run: async ({ flags, io }) => {
    const dir = typeof flags.dir === 'string' ? flags.dir : undefined;
    const { problems, raw, derived } = await checkKbDir(dir);
    const counts = kbCounts(raw, derived);
    if (flags.json === true) {
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
};
