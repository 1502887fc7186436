import type { Command } from '../command.js';
import { appDiff } from './app-diff.js';
import { appHistory } from './app-history.js';
import { appScan } from './app-scan.js';

/** The `sousveil app …` commands. */
export const appCommands: readonly Command[] = [appScan, appHistory, appDiff];
