import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';

export const appHistory = defineCommand({
  path: ['app', 'history'],
  summary: 'list the app audits saved in the store',
  description: 'Newest first; `sousveil app diff A B` compares two of them.',
  options: {
    ...jsonOption,
    ...dbOption,
    package: { type: 'string', value: 'NAME', description: "only this package's audits" },
    sdk: { type: 'string', value: 'ID', description: 'only audits that found this SDK' },
    limit: { type: 'integer', value: 'N', min: 1, default: 50, description: 'how many to list' },
  },
  run: async ({ flags, io }) => {
    // The database drivers load only when this command runs, not for every `app …` command.
    const { openStoreForReading } = await import('../store-context.js');
    const store = await openStoreForReading(flags.db);
    try {
      const options: { package?: string; sdk?: string; limit: number } = { limit: flags.limit };
      if (flags.package !== undefined) options.package = flags.package;
      if (flags.sdk !== undefined) options.sdk = flags.sdk;
      const scans = await store.apps.list(options);
      if (flags.json) {
        writeJson(io, { scans });
        return 0;
      }
      io.stdout.write('ID  SCANNED                   SDKS  PRC  PACKAGE VERSION  FILE\n');
      for (const s of scans) {
        const app = `${s.package ?? '-'} ${s.versionName ?? ''}`.trim();
        io.stdout.write(
          `${String(s.id).padEnd(3)} ${s.scannedAt.padEnd(25)} ${String(s.sdkCount).padEnd(5)} ${String(s.prcSdkCount).padEnd(4)} ${app}  ${s.file}\n`,
        );
      }
      if (scans.length === 0)
        io.stderr.write('no app audits saved yet: run `sousveil app scan <file>`\n');
      return 0;
    } finally {
      await store.close();
    }
  },
});
