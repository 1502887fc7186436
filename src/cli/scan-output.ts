import { formatHostCsv, formatHostTable, summarize, type HostVerdict } from '../netaudit/index.js';
import type { Kb } from '../kb/index.js';
import { formatHostHtml } from '../netaudit/report/html.js';
import { saveRun as saveRunIn } from '../netaudit/runs.js';
import type { Store } from '../store/index.js';
import { writeJson, type CliIo, type Flags, type OptionSpecs } from './command.js';

/** `--fail-on`, shared by scans and imports; checked before any work. */
export const failOnOption = {
  'fail-on': {
    type: 'string',
    value: 'WHAT',
    choices: ['covered', 'any', 'never'],
    default: 'covered',
    description: 'exit 3 when this is found',
  },
} as const satisfies OptionSpecs;

/** How verdicts are written besides the table and --json. */
export const outputOptions = {
  csv: { type: 'boolean', description: 'CSV, one host a line' },
  html: { type: 'boolean', description: 'a self-contained, printable compliance report' },
} as const satisfies OptionSpecs;

/** Exit code of a scan or import: 3 when what --fail-on names was found. */
export function failExitCode(
  hosts: readonly HostVerdict[],
  failOn: 'covered' | 'any' | 'never',
): number {
  if (failOn === 'never') return 0;
  if (failOn === 'any') return hosts.some((h) => h.maker !== undefined) ? 3 : 0;
  return hosts.some((h) => h.covered) ? 3 : 0;
}

/** Saves the run's verdicts in the store and returns its id. */
export async function saveRun(
  store: Store,
  kind: 'scan' | 'import',
  startedAt: string,
  params: unknown,
  hosts: readonly HostVerdict[],
): Promise<number> {
  return saveRunIn(store, { kind, startedAt, finishedAt: new Date().toISOString(), params }, hosts);
}

/** A scan as `net scan --json` writes it and the server reads it: the run, a summary, the hosts. */
export function scanDocument(
  run: Record<string, unknown>,
  hosts: readonly HostVerdict[],
): Record<string, unknown> {
  return { ...run, summary: summarize(hosts), hosts };
}

/** Writes verdicts as the flags ask: table (default), --json, --csv, --html. */
export function writeHosts(
  io: CliIo,
  flags: Flags,
  run: Record<string, unknown>,
  hosts: readonly HostVerdict[],
  kb: Kb,
  targets: readonly string[],
): void {
  if (flags.json === true) writeJson(io, scanDocument(run, hosts));
  else if (flags.csv === true) io.stdout.write(formatHostCsv(hosts));
  else if (flags.html === true) {
    const meta = {
      title: 'sousveil network audit',
      generatedAt: new Date().toISOString(),
      targets,
      sources: kb.sources,
    };
    io.stdout.write(formatHostHtml(hosts, meta));
  } else {
    io.stdout.write(formatHostTable(hosts));
    const s = summarize(hosts);
    io.stderr.write(
      `${s.hosts} host(s) answered, ${s.identified} identified, ${s.covered} covered, ${s.vulnerable} with known-exploited firmware\n`,
    );
  }
}
