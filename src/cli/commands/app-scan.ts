import { readFileSync } from 'node:fs';
import {
  failOnChoices,
  failsOn,
  formatAppHtml,
  formatAppTable,
  toAppScan,
  type FailOn,
} from '../../appaudit/index.js';
import { scanAppFile, scanSplitFiles } from '../../appaudit/fs-app-scan.js';
import { exodusImporter, SdkRuleIndex, type Kb } from '../../kb/index.js';
import { UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { kbOrThrow } from '../kb-context.js';

export const appScan = defineCommand({
  path: ['app', 'scan'],
  summary: 'which data-harvesting SDKs an Android app carries (apk, xapk/apks, aab), offline',
  args: '<file…>',
  description: `Reads each app file (APK, XAPK/APKS bundle of split APKs, AAB) without running it: classes of
every DEX, the manifest (permissions, components, meta-data keys), native libraries, the signing
certificate; matches them against the kb's SDK rules and says which SDKs are present, made by
whom, under which jurisdiction, with the exact evidence. Present in code is not proof of use.
Reports are saved in the store (see \`app history\`) unless --no-save. With --splits, the files are split APKs of one
app (base + config splits) and give one report.`,
  options: {
    ...jsonOption,
    ...dbOption,
    html: { type: 'boolean', description: 'one self-contained HTML report on stdout' },
    'fail-on': {
      type: 'string',
      value: 'WHAT',
      choices: failOnChoices,
      default: 'prc',
      description:
        'exit 3 when an SDK of a PRC-based (prc) or restricted maker, or any SDK, is found; never: always 0',
    },
    exodus: {
      type: 'string',
      value: 'FILE',
      description: "add the trackers of an Exodus/ETIP JSON export (ODbL) to the kb's rules",
    },
    'no-save': { type: 'boolean', description: 'do not save the reports in the store' },
    splits: { type: 'boolean', description: 'the files are split APKs of one app: one report' },
  },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0) throw new UserError('app scan: name at least one app file');
    const failOn: FailOn = flags['fail-on'];
    const kb = await kbOrThrow();
    const index = new SdkRuleIndex(await sdksWith(kb, flags.exodus, io.stderr));
    const reports = [];
    if (flags.splits) reports.push(await scanSplitFiles(positionals, kb, index, new Date()));
    else
      for (const file of positionals) reports.push(await scanAppFile(file, kb, index, new Date()));
    if (!flags['no-save']) {
      // The database driver loads only when a report is saved.
      const { openStoreForWriting } = await import('../store-context.js');
      const store = await openStoreForWriting(flags.db);
      try {
        for (const r of reports) await store.apps.save(toAppScan(r));
      } finally {
        await store.close();
      }
    }
    if (flags.json) writeJson(io, { reports });
    else if (flags.html) io.stdout.write(formatAppHtml(reports, kb));
    else for (const r of reports) io.stdout.write(formatAppTable(r));
    return reports.some((r) => failsOn(r, failOn)) ? 3 : 0;
  },
});

async function sdksWith(
  kb: Kb,
  exodus: unknown,
  stderr: NodeJS.WritableStream,
): Promise<Kb['sdks']> {
  if (typeof exodus !== 'string') return kb.sdks;
  const { importExodusTrackers, mergeSdks } = await exodusImporter();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(exodus, 'utf8'));
  } catch (cause) {
    throw new UserError(`--exodus ${exodus}: not a readable JSON file`, { cause });
  }
  const { sdks, problems } = importExodusTrackers(json, exodus);
  for (const p of problems) stderr.write(`${p.file}: ${p.record}: ${p.message}\n`);
  return mergeSdks(kb.sdks, sdks);
}
