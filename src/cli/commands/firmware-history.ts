import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { openStoreForReading } from '../store-context.js';

export const firmwareHistory = defineCommand({
  path: ['firmware', 'history'],
  summary: 'list the firmware audits saved in the store',
  description: 'Newest first; `sousveil firmware diff A B` compares two of them.',
  options: {
    ...jsonOption,
    ...dbOption,
    maker: {
      type: 'string',
      value: 'ID',
      description: "only this maker's images (kb vendor id: hikvision, dahua)",
    },
    model: { type: 'string', value: 'MODEL', description: 'only images serving this model' },
    limit: { type: 'integer', value: 'N', min: 1, default: 50, description: 'how many to list' },
  },
  run: async ({ flags, io }) => {
    const store = await openStoreForReading(flags.db);
    try {
      const options: { maker?: string; model?: string; limit: number } = { limit: flags.limit };
      if (flags.maker !== undefined) options.maker = flags.maker;
      if (flags.model !== undefined) options.model = flags.model;
      const scans = await store.firmware.list(options);
      if (flags.json) {
        writeJson(io, { scans });
        return 0;
      }
      io.stdout.write(
        'ID  SCANNED                   MAKER      AFFECTED  KEV  INDICATORS  VERSION  FILE\n',
      );
      for (const s of scans) {
        const maker = `${s.maker ?? '-'}${s.brand === undefined ? '' : `/${s.brand}`}`;
        io.stdout.write(
          `${String(s.id).padEnd(3)} ${s.scannedAt.padEnd(25)} ${maker.padEnd(10)} ${String(s.affectedCount).padEnd(9)} ${String(s.kevCount).padEnd(4)} ${String(s.indicatorCount).padEnd(11)} ${s.version ?? '-'}  ${s.file}\n`,
        );
      }
      if (scans.length === 0)
        io.stderr.write('no firmware audits saved yet: run `sousveil firmware scan <file>`\n');
      return 0;
    } finally {
      await store.close();
    }
  },
});
