import type { Command } from './command.js';
import { atlasCheck } from './commands/atlas-check.js';
import { atlasExport } from './commands/atlas-export.js';
import { atlasImport } from './commands/atlas-import.js';
import { atlasShow } from './commands/atlas-show.js';
import { atlasStatsCommand } from './commands/atlas-stats.js';
import { appCommands } from './commands/app.js';
import { identify } from './commands/identify.js';
import { kbCheck } from './commands/kb-check.js';
import { lab } from './commands/lab.js';
import { mapExport, mapImport, mapStats } from './commands/map.js';
import { netDiff } from './commands/net-diff.js';
import { netHistory } from './commands/net-history.js';
import { netImport } from './commands/net-import.js';
import { netScan } from './commands/net-scan.js';
import { serve } from './commands/serve.js';
import { usersAdd, usersList } from './commands/users.js';

/** Every CLI command, in the order help lists them. */
export const commands: readonly Command[] = [
  identify,
  kbCheck,
  netScan,
  netImport,
  netHistory,
  netDiff,
  ...appCommands,
  atlasStatsCommand,
  atlasShow,
  atlasExport,
  atlasImport,
  atlasCheck,
  mapImport,
  mapStats,
  mapExport,
  serve,
  usersAdd,
  usersList,
  lab,
];
