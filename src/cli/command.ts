import type { ParseArgsConfig } from 'node:util';

/** Streams and the clock, handed to every command so tests can run them in memory. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Today's date as YYYY-MM-DD. */
  today: () => string;
  /** Whether stderr is a terminal (for progress output). */
  isTty: boolean;
}

export type Flags = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One `sousveil <noun> <verb>` command. */
export interface Command {
  /** Words after `sousveil`, e.g. `['kb', 'check']`. */
  path: readonly string[];
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the process exit code. */
  run: (args: { positionals: string[]; flags: Flags; io: CliIo }) => Promise<number>;
}

/** The `--json` flag every command takes. */
export const jsonOption = { json: { type: 'boolean', default: false } } as const;

/** Writes a value as pretty JSON to stdout. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
