import type { Command } from '../command.js';
import { firmwareDiff } from './firmware-diff.js';
import { firmwareHistory } from './firmware-history.js';
import { firmwareScan } from './firmware-scan.js';

/** The `sousveil firmware …` commands. */
export const firmwareCommands: readonly Command[] = [firmwareScan, firmwareHistory, firmwareDiff];
