// The CLI's one error boundary: every error a command throws becomes `sousveil: <what>: <why>`,
// maybe a hint, and an exit code. Stack traces only with --debug.
import { SousveilError } from '../shared/errors.js';
import type { CliIo } from './command.js';
import { systemError } from './fs-io.js';

/** Exit codes: 1 bad input or a failed check, 2 the environment (or sousveil itself), 3 --fail-on. */
export const exitCodes = { ok: 0, user: 1, environment: 2, found: 3 } as const;

/** What the user is told about a failure. */
export interface Failure {
  message: string;
  hint?: string;
  exit: number;
}

const userCodes = new Set([
  'user-input',
  'parse',
  'not-found',
  'refused',
  'too-large',
  'kb-invalid',
  'atlas-invalid',
]);

/** SQLite's own error codes the CLI can explain (from a store error's causes). */
const sqliteFailures: Readonly<Record<string, Omit<Failure, 'message'> & { why: string }>> = {
  SQLITE_NOTADB: {
    why: 'not a database',
    exit: exitCodes.user,
    hint: 'give --db a sousveil database file, or a new file name',
  },
  SQLITE_READONLY: { why: 'the database is read-only', exit: exitCodes.environment },
  SQLITE_CANTOPEN: { why: 'cannot open the database file', exit: exitCodes.environment },
  SQLITE_FULL: { why: 'no space left for the database', exit: exitCodes.environment },
  SQLITE_BUSY: {
    why: 'the database is busy',
    exit: exitCodes.environment,
    hint: 'another process is writing to it; try again in a moment',
  },
};

/** Maps any thrown value to what the user sees and the exit code. */
export function failureOf(e: unknown): Failure {
  if (e instanceof SousveilError) return known(e);
  const system = systemError(e, (e as NodeJS.ErrnoException).path ?? 'system call');
  if (system !== undefined) return known(system);
  const sqlite = sqliteCode(e);
  if (sqlite !== undefined) {
    const f = sqliteFailures[sqlite] as (typeof sqliteFailures)[string];
    return { message: `database: ${f.why}`, exit: f.exit, ...(f.hint ? { hint: f.hint } : {}) };
  }
  return {
    message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
    hint: 'this is a bug in sousveil; run again with --debug to see where, and please report it',
    exit: exitCodes.environment,
  };
}

function known(e: SousveilError): Failure {
  const sqlite = sqliteCode(e.cause);
  const byCause = sqlite === undefined ? undefined : sqliteFailures[sqlite];
  const exit =
    byCause !== undefined
      ? byCause.exit
      : userCodes.has(e.code)
        ? exitCodes.user
        : exitCodes.environment;
  const hint = e.hint ?? byCause?.hint ?? defaultHint(e.code);
  return { message: e.message, exit, ...(hint === undefined ? {} : { hint }) };
}

function defaultHint(code: string): string | undefined {
  if (code === 'busy') return 'another process is writing to the database; try again in a moment';
  return undefined;
}

/** The SQLite error code somewhere in an error's cause chain. */
function sqliteCode(e: unknown): string | undefined {
  for (let at = e, depth = 0; at instanceof Error && depth < 8; at = at.cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && code in sqliteFailures) return code;
  }
  return undefined;
}

/** Prints the failure (and with `debug` the stack of every cause) and returns the exit code. */
export function reportError(io: CliIo, e: unknown, debug: boolean): number {
  const f = failureOf(e);
  io.stderr.write(`sousveil: ${f.message}\n`);
  if (f.hint !== undefined) io.stderr.write(`hint: ${f.hint}\n`);
  if (debug) {
    for (let at = e, depth = 0; at !== undefined && depth < 8; depth++) {
      io.stderr.write(
        `${depth === 0 ? '' : 'caused by: '}${at instanceof Error ? (at.stack ?? at.message) : JSON.stringify(at)}\n`,
      );
      at = at instanceof Error ? at.cause : undefined;
    }
  }
  return f.exit;
}
