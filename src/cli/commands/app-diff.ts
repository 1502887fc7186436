import { diffAppReports, type AppReport, type AppReportDiff } from '../../appaudit/index.js';
import { UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';

export const appDiff = defineCommand({
  path: ['app', 'diff'],
  summary: 'compare two saved app audits (two versions of an app)',
  args: '<id-a> <id-b>',
  description: `Ids are those of \`sousveil app history\`. Lists SDKs and permissions gained and lost, and whether
the signing certificate or the package changed.`,
  options: { ...jsonOption, ...dbOption },
  run: async ({ positionals, flags, io }) => {
    const ids = positionals.map(Number);
    if (ids.length !== 2 || ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
      throw new UserError('app diff: name two audit ids from `sousveil app history`');
    }
    // The database drivers load only when this command runs, not for every `app …` command.
    const { openStoreForReading } = await import('../store-context.js');
    const store = await openStoreForReading(flags.db);
    let reports: AppReport[];
    try {
      reports = [];
      for (const id of ids) {
        const saved = await store.apps.get(id);
        if (saved === undefined) throw new UserError(`app diff: no saved audit ${id}`);
        reports.push(saved.report as AppReport);
      }
    } finally {
      await store.close();
    }
    const [a, b] = reports as [AppReport, AppReport];
    const diff = diffAppReports(a, b);
    if (flags.json) writeJson(io, diff);
    else io.stdout.write(formatDiff(diff));
    return 0;
  },
});

function formatDiff(d: AppReportDiff): string {
  const lines = [
    `${d.from.file} (${d.from.version ?? '?'}) -> ${d.to.file} (${d.to.version ?? '?'})`,
  ];
  const list = (label: string, xs: readonly string[]): void => {
    if (xs.length > 0) lines.push(`  ${label}: ${xs.join(', ')}`);
  };
  list('SDKs added', d.sdksAdded);
  list('SDKs removed', d.sdksRemoved);
  list('permissions added', d.permissionsAdded);
  list('permissions removed', d.permissionsRemoved);
  if (d.signerChanged) lines.push('  signing certificate changed');
  if (d.packageChanged) lines.push('  package name changed');
  if (lines.length === 1) lines.push('  no difference in SDKs, permissions or signer');
  return `${lines.join('\n')}\n`;
}
