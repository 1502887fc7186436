import { jsonOption, writeJson, type Command } from '../command.js';
import { openStore } from '../store-context.js';

export const appHistory: Command = {
  path: ['app', 'history'],
  summary: 'list the app audits saved in the store',
  usage: 'Usage: sousveil app history [--package NAME] [--sdk ID] [--limit N] [--db FILE] [--json]',
  options: {
    ...jsonOption,
    package: { type: 'string' },
    sdk: { type: 'string' },
    limit: { type: 'string', default: '50' },
    db: { type: 'string' },
  },
  run: async ({ flags, io }) => {
    const store = openStore(flags.db);
    try {
      const options: { package?: string; sdk?: string; limit: number } = {
        limit: Number(flags.limit) || 50,
      };
      if (typeof flags.package === 'string') options.package = flags.package;
      if (typeof flags.sdk === 'string') options.sdk = flags.sdk;
      const scans = await store.apps.list(options);
      if (flags.json === true) {
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
};
