import type { Command } from '../command.js';
import { dbCopy } from './db-copy.js';
import { dbMigrate } from './db-migrate.js';
import { dbStatus } from './db-status.js';

/** The `sousveil db …` commands. */
export const dbCommands: readonly Command[] = [dbStatus, dbMigrate, dbCopy];
