import { readFileSync } from 'node:fs';
import {
  failOnChoices,
  failsOn,
  formatAppHtml,
  formatAppTable,
  type FailOn,
} from '../../appaudit/index.js';
import { scanAppFile, scanSplitFiles } from '../../appaudit/fs-app-scan.js';
import { importExodusTrackers, mergeSdks, SdkRuleIndex, type Kb } from '../../kb/index.js';
import { UserError } from '../../shared/errors.js';
import { jsonOption, writeJson, type Command } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { toAppScan } from '../app-store.js';
import { openStore } from '../store-context.js';

export const appScan: Command = {
  path: ['app', 'scan'],
  summary: 'which data-harvesting SDKs an Android app carries (apk, xapk/apks, aab), offline',
  usage: `Usage: sousveil app scan <file…> [--json | --html] [--fail-on prc|restricted|any|never] [--splits]
                         [--exodus trackers.json] [--no-save] [--db FILE]

Reads each app file (APK, XAPK/APKS bundle of split APKs, AAB) without running it: classes of
every DEX, the manifest (permissions, components, meta-data keys), native libraries, the signing
certificate; matches them against the kb's SDK rules and says which SDKs are present, made by
whom, under which jurisdiction, with the exact evidence. Present in code is not proof of use.
  --fail-on WHAT   exit 3 when an SDK of a PRC-based (prc, default) or restricted maker, or any
                   SDK, is found; never: always 0
  --exodus FILE    add the trackers of an Exodus/ETIP JSON export (ODbL) to the kb's rules
  --splits         the files are split APKs of one app (base + config splits): one report
  --no-save        do not save the reports in the store (default: saved, see \`app history\`)`,
  options: {
    ...jsonOption,
    html: { type: 'boolean', default: false },
    'fail-on': { type: 'string', default: 'prc' },
    exodus: { type: 'string' },
    'no-save': { type: 'boolean', default: false },
    splits: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0) throw new UserError('app scan: name at least one app file');
    const failOn = String(flags['fail-on']);
    if (!(failOnChoices as readonly string[]).includes(failOn)) {
      throw new UserError(`--fail-on: "${failOn}" is not one of ${failOnChoices.join(', ')}`);
    }
    const kb = await kbOrThrow();
    const index = new SdkRuleIndex(sdksWith(kb, flags.exodus, io.stderr));
    const reports = [];
    if (flags.splits === true)
      reports.push(await scanSplitFiles(positionals, kb, index, new Date()));
    else
      for (const file of positionals) reports.push(await scanAppFile(file, kb, index, new Date()));
    if (flags['no-save'] !== true) {
      const store = openStore(flags.db);
      try {
        for (const r of reports) await store.apps.save(toAppScan(r));
      } finally {
        await store.close();
      }
    }
    if (flags.json === true) writeJson(io, { reports });
    else if (flags.html === true) io.stdout.write(formatAppHtml(reports, kb));
    else for (const r of reports) io.stdout.write(formatAppTable(r));
    return reports.some((r) => failsOn(r, failOn as FailOn)) ? 3 : 0;
  },
};

function sdksWith(kb: Kb, exodus: unknown, stderr: NodeJS.WritableStream): Kb['sdks'] {
  if (typeof exodus !== 'string') return kb.sdks;
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
