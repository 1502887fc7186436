import {
  diffFirmwareReports,
  formatFirmwareDiff,
  type FirmwareReport,
} from '../../firmware/index.js';
import { UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { openStoreForReading } from '../store-context.js';

export const firmwareDiff = defineCommand({
  path: ['firmware', 'diff'],
  summary: 'compare two saved firmware audits (two versions of an image)',
  args: '<id-a> <id-b>',
  description: `Ids are those of \`sousveil firmware history\`. Lists models, components (and their versions),
indicators and affected advisories gained and lost, and whether the maker or brand changed.`,
  options: { ...jsonOption, ...dbOption },
  run: async ({ positionals, flags, io }) => {
    const ids = positionals.map(Number);
    if (ids.length !== 2 || ids.some((n) => !Number.isSafeInteger(n) || n <= 0))
      throw new UserError('firmware diff: name two audit ids from `sousveil firmware history`');
    const store = await openStoreForReading(flags.db);
    const reports: FirmwareReport[] = [];
    try {
      for (const id of ids) {
        const saved = await store.firmware.get(id);
        if (saved === undefined) throw new UserError(`firmware diff: no saved audit ${id}`);
        reports.push(saved.report as FirmwareReport);
      }
    } finally {
      await store.close();
    }
    const [a, b] = reports as [FirmwareReport, FirmwareReport];
    const diff = diffFirmwareReports(a, b);
    if (flags.json) writeJson(io, diff);
    else io.stdout.write(formatFirmwareDiff(diff));
    return 0;
  },
});
