// Every CLI command, by its first word. A group's modules load only when its word is typed, so
// `app scan` does not load the street map's PBF reader or the atlas schemas: start-up is most of
// a small command's time.
import type { Command } from './command.js';

const groups: ReadonlyArray<readonly [string, () => Promise<readonly Command[]>]> = [
  ['identify', async () => [(await import('./commands/identify.js')).identify]],
  ['kb', async () => [(await import('./commands/kb-check.js')).kbCheck]],
  [
    'net',
    async () => [
      (await import('./commands/net-scan.js')).netScan,
      (await import('./commands/net-import.js')).netImport,
      (await import('./commands/net-history.js')).netHistory,
      (await import('./commands/net-diff.js')).netDiff,
    ],
  ],
  ['app', async () => (await import('./commands/app.js')).appCommands],
  ['firmware', async () => (await import('./commands/firmware.js')).firmwareCommands],
  [
    'atlas',
    async () => [
      (await import('./commands/atlas-stats.js')).atlasStatsCommand,
      (await import('./commands/atlas-show.js')).atlasShow,
      (await import('./commands/atlas-export.js')).atlasExport,
      (await import('./commands/atlas-import.js')).atlasImport,
      (await import('./commands/atlas-check.js')).atlasCheck,
    ],
  ],
  [
    'map',
    async () => {
      const m = await import('./commands/map.js');
      return [m.mapImport, m.mapStats, m.mapExport];
    },
  ],
  ['serve', async () => [(await import('./commands/serve.js')).serve]],
  ['db', async () => (await import('./commands/db.js')).dbCommands],
  [
    'users',
    async () => {
      const u = await import('./commands/users.js');
      return [u.usersAdd, u.usersList];
    },
  ],
  ['reports', async () => [(await import('./commands/reports-export.js')).reportsExportCommand]],
  [
    'sites',
    async () => {
      const s = await import('./commands/sites.js');
      return [s.sitesAdd, s.sitesCode, s.sitesList, s.sitesRevoke];
    },
  ],
  [
    'evidence',
    async () => [
      (await import('./commands/evidence-pack.js')).evidencePackCommand,
      (await import('./commands/evidence-verify.js')).evidenceVerifyCommand,
    ],
  ],
  ['lab', async () => [(await import('./commands/lab.js')).lab]],
];

/** The commands whose first word is `word` (none when no group has it). */
export async function commandsOf(word: string | undefined): Promise<readonly Command[]> {
  const group = groups.find(([w]) => w === word);
  return group === undefined ? [] : group[1]();
}

/** Every command, in the order help lists them. */
export async function allCommands(): Promise<readonly Command[]> {
  const lists = await Promise.all(groups.map(([, load]) => load()));
  return lists.flat();
}
