import { parseArgs } from 'node:util';
import { SousveilError, UserError } from '../shared/errors.js';
import type { CliIo, Command } from './command.js';
import { commands } from './registry.js';

/** Exit codes: 0 ok, 1 bad input or failed check, 2 internal error. */
export const exitCodes = { ok: 0, user: 1, internal: 2 } as const;

/** Runs the CLI with argv (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const found = findCommand(argv);
    if (!found) return printHelp(io, argv);
    const { command, rest } = found;
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.usage}\n`);
      return exitCodes.ok;
    }
    const { values, positionals } = parseFlags(command, rest);
    return await command.run({ positionals, flags: values, io });
  } catch (e) {
    return reportError(io, e);
  }
}

function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((w, i) => words[i] === w));
  if (!command) return undefined;
  const rest = [...argv];
  for (const w of command.path) rest.splice(rest.indexOf(w), 1);
  return { command, rest };
}

function parseFlags(command: Command, rest: string[]): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UserError(`${(e as Error).message}\n\n${command.usage}`, { cause: e });
  }
}

function printHelp(io: CliIo, argv: readonly string[]): number {
  const unknown = argv.find((a) => !a.startsWith('-'));
  const lines = [
    'sousveil — find, map and document surveillance technology, with sources.',
    '',
    'Usage: sousveil <noun> <verb> [options]   (every command takes --json and --help)',
    '',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(18)} ${c.summary}`),
    '',
  ];
  const asked =
    argv.length === 0 || argv.includes('--help') || argv.includes('-h') || unknown === 'help';
  if (asked) {
    io.stdout.write(lines.join('\n'));
    return exitCodes.ok;
  }
  io.stderr.write(`sousveil: unknown command "${argv.join(' ')}"\n\n${lines.join('\n')}`);
  return exitCodes.user;
}

function reportError(io: CliIo, e: unknown): number {
  if (e instanceof UserError) {
    io.stderr.write(`sousveil: ${e.message}\n`);
    return exitCodes.user;
  }
  if (e instanceof SousveilError) {
    io.stderr.write(`sousveil: ${e.code}: ${e.message}\n`);
    return e.code === 'parse' || e.code === 'not-found' ? exitCodes.user : exitCodes.internal;
  }
  io.stderr.write(
    `sousveil: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  return exitCodes.internal;
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    today: () => new Date().toISOString().slice(0, 10),
    isTty: process.stderr.isTTY,
  };
}
