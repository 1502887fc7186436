// The CLI's entry: finds the command, shows help and the version, and maps every error to one
// line and an exit code (error-boundary.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../kb/fs-loader.js';
import { UserError } from '../shared/errors.js';
import type { CliIo, Command } from './command.js';
import { didYouMean } from './did-you-mean.js';
import { exitCodes, reportError } from './error-boundary.js';
import { systemError } from './fs-io.js';
import { allCommands, commandsOf } from './registry.js';
import { groupUsage, topUsage } from './usage.js';

export { exitCodes } from './error-boundary.js';

/** Runs the CLI with argv (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const end = argv.indexOf('--');
  const before = end < 0 ? argv : argv.slice(0, end);
  const debug = before.includes('--debug');
  const args = debug
    ? [...before.filter((a) => a !== '--debug'), ...argv.slice(before.length)]
    : argv;
  try {
    return await dispatch(args, io);
  } catch (e) {
    return reportError(io, e, debug);
  }
}

const isHelp = (a: string | undefined): boolean => a === '--help' || a === '-h';

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const [first] = args;
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout.write(`sousveil ${version()}\n`);
    return exitCodes.ok;
  }
  if (first === undefined || isHelp(first) || first === 'help') {
    const asked = args.slice(first === 'help' ? 1 : 0).filter((a) => !isHelp(a));
    if (asked.length > 0) return dispatch([...asked, '--help'], io);
    io.stdout.write(topUsage(await allCommands()));
    return exitCodes.ok;
  }
  const command = findCommand(await commandsOf(first), args);
  if (command !== undefined) {
    const rest = args.slice(command.path.length);
    const end = rest.indexOf('--');
    if ((end < 0 ? rest : rest.slice(0, end)).some(isHelp)) {
      io.stdout.write(`${command.usage}\n`);
      return exitCodes.ok;
    }
    return command.invoke(rest, io);
  }
  return groupOrUnknown(await allCommands(), args, io);
}

/** The command whose words start argv, the longest first (`net scan` before `net`). */
function findCommand(commands: readonly Command[], args: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => args[i] === w) && c.path.length > (best?.path.length ?? 0)) best = c;
  }
  return best;
}

/** `sousveil net` or `net --help`: the group's subcommands; anything else is unknown. */
function groupOrUnknown(commands: readonly Command[], args: readonly string[], io: CliIo): number {
  const [first = '', second] = args;
  const members = commands.filter((c) => c.path.length > 1 && c.path[0] === first);
  if (members.length > 0) {
    if (second === undefined || isHelp(second)) {
      (second === undefined ? io.stderr : io.stdout).write(groupUsage(first, members));
      return second === undefined ? exitCodes.user : exitCodes.ok;
    }
    const words = members.map((c) => c.path.slice(1).join(' '));
    throw new UserError(`${first}: unknown command "${second}"${didYouMean(second, words)}`, {
      hint: `sousveil ${first} --help lists its commands`,
    });
  }
  if (first.startsWith('-'))
    throw new UserError(
      `unknown option ${first}${didYouMean(first, ['--help', '--version', '--debug'])}`,
      {
        hint: 'options go after the command: sousveil <noun> <verb> [options]; sousveil --help lists the commands',
      },
    );
  const words = [...new Set(commands.map((c) => c.path[0] as string))];
  const near =
    didYouMean(first, words) ||
    didYouMean(
      args.slice(0, 2).join(' '),
      commands.map((c) => c.path.join(' ')),
    );
  throw new UserError(`unknown command "${first}"${near}`, {
    hint: 'sousveil --help lists the commands',
  });
}

let cachedVersion: string | undefined;

/** The package's version, from its package.json. */
export function version(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    today: () => new Date().toISOString().slice(0, 10),
    now: () => new Date().toISOString(),
    isTty: process.stderr.isTTY,
  };
}

/**
 * What `bin/sousveil.js` runs: the CLI against this process. A reader that goes away (`| head`)
 * ends the run quietly with exit 0, as for any Unix filter.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const io = processIo();
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(exitCodes.ok);
    process.exit(reportError(io, systemError(e, 'standard output') ?? e, false));
  });
  process.exitCode = await run(argv, io);
}
