import type { Command } from './command.js';
import {
  atlasCheck,
  atlasExport,
  atlasImport,
  atlasShow,
  atlasStatsCommand,
} from './commands/atlas.js';
import { appCommands } from './commands/app.js';
import { identify } from './commands/identify.js';
import { kbCheck } from './commands/kb-check.js';
import { lab } from './commands/lab.js';
import { netDiff } from './commands/net-diff.js';
import { netHistory } from './commands/net-history.js';
import { netImport } from './commands/net-import.js';
import { netScan } from './commands/net-scan.js';
import { serve } from './commands/serve.js';

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
  serve,
  lab,
];
