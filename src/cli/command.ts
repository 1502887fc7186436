// How a command is declared: its words, its flags (once, typed), its help and what it runs.
import { parseFlags } from './parse-flags.js';
import { commandUsage } from './usage.js';

/** Streams and the clock, handed to every command so tests can run them in memory. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Today's date as YYYY-MM-DD. */
  today: () => string;
  /** The time now, ISO 8601 UTC (absent: the system clock). */
  now?: () => string;
  /** Whether stderr is a terminal (for progress output). */
  isTty: boolean;
}

interface OptionBase {
  /** One line for the help; the default is appended when there is one. */
  description: string;
  /** Left out of the help (an option kept only to refuse it with a reason). */
  hidden?: boolean;
}

/** A flag with no value: `--json`. */
export interface BooleanOption extends OptionBase {
  type: 'boolean';
}

/** A flag with a text value: `--db FILE`; `choices` limits it to those words. */
export interface StringOption extends OptionBase {
  type: 'string';
  /** The value's name in the help (`FILE`, `DIR`, `LIST`). */
  value: string;
  default?: string;
  choices?: readonly string[];
  /** May be given again: the values are joined with commas, as one comma-separated list. */
  repeatable?: boolean;
}

/** A flag with a whole number: `--retries N`, checked against `min` and `max`. */
export interface IntegerOption extends OptionBase {
  type: 'integer';
  value: string;
  default?: number;
  min?: number;
  max?: number;
}

export type OptionSpec = BooleanOption | StringOption | IntegerOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed value of one flag, typed from its declaration. */
export type FlagValue<S extends OptionSpec> = S extends BooleanOption
  ? boolean
  : S extends { type: 'integer'; default: number }
    ? number
    : S extends IntegerOption
      ? number | undefined
      : S extends { choices: readonly (infer C)[]; default: string }
        ? C
        : S extends { choices: readonly (infer C)[] }
          ? C | undefined
          : S extends { default: string }
            ? string
            : string | undefined;

/** Every declared flag, parsed and checked. */
export type ParsedFlags<O extends OptionSpecs> = { -readonly [K in keyof O]: FlagValue<O[K]> };

/** Flags as helpers shared by several commands read them (any command's parsed flags fit). */
export type Flags = Readonly<Record<string, string | number | boolean | undefined>>;

/** What a command declares; `defineCommand` turns it into a runnable `Command`. */
export interface CommandSpec<O extends OptionSpecs> {
  /** Words after `sousveil`, e.g. `['kb', 'check']`. */
  path: readonly string[];
  summary: string;
  /** The positional arguments as the usage line shows them, e.g. `<file…>`. */
  args?: string;
  /** The help's prose between the usage line and the options. */
  description: string;
  options: O;
  /** Returns the process exit code. */
  run: (args: { positionals: string[]; flags: ParsedFlags<O>; io: CliIo }) => Promise<number>;
}

/** One `sousveil <noun> <verb>` command, ready to run. */
export interface Command {
  path: readonly string[];
  summary: string;
  /** The help text, generated from the declaration. */
  usage: string;
  options: OptionSpecs;
  /** Parses `argv` (the words after the command's path), checks every flag, then runs. */
  invoke: (argv: readonly string[], io: CliIo) => Promise<number>;
}

/** Declares a command: flags are parsed and checked before `run` is called, and the help is generated. */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): Command {
  const usage = commandUsage(spec);
  return {
    path: spec.path,
    summary: spec.summary,
    usage,
    options: spec.options,
    invoke: async (argv, io) => {
      const { flags, positionals } = parseFlags(spec.path.join(' '), spec.options, argv);
      return spec.run({ positionals, flags: flags as ParsedFlags<O>, io });
    },
  };
}

/** The `--json` flag every command takes. */
export const jsonOption = {
  json: { type: 'boolean', description: 'machine-readable JSON on stdout' },
} as const satisfies OptionSpecs;

/** The `--db FILE` flag of every command that reads or writes the store. */
export const dbOption = {
  db: {
    type: 'string',
    value: 'FILE|URL',
    description:
      'the database: an SQLite file or postgres://… (default SOUSVEIL_DB, else ./sousveil.db)',
  },
} as const satisfies OptionSpecs;

/** Writes a value as pretty JSON to stdout. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
