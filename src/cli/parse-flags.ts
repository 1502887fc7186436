// Reads a command's flags from argv against its declaration: unknown flags (with a suggestion),
// missing values, values outside their choices or range are refused before the command runs.
import { UserError } from '../shared/errors.js';
import type { IntegerOption, OptionSpec, OptionSpecs, StringOption } from './command.js';
import { didYouMean } from './did-you-mean.js';

type Value = string | number | boolean | undefined;

/** Parses `argv` for the command `name`; flags come back keyed by their declared names. */
export function parseFlags(
  name: string,
  options: OptionSpecs,
  argv: readonly string[],
): { flags: Record<string, Value>; positionals: string[] } {
  const given = new Map<string, string | true>();
  const positionals: string[] = [];
  const helpHint = `sousveil ${name} --help lists its options`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!isFlag(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = flag.replace(/^--?/, '');
    const spec = flag.startsWith('--') ? options[key] : undefined;
    if (spec === undefined) {
      const known = Object.entries(options)
        .filter(([, s]) => s.hidden !== true)
        .map(([k]) => `--${k}`);
      throw new UserError(`${name}: unknown option ${flag}${didYouMean(flag, known)}`, {
        hint: helpHint,
      });
    }
    const repeatable = spec.type === 'string' && spec.repeatable === true;
    if (given.has(key) && !repeatable) throw new UserError(`${name}: ${flag} is given twice`);
    if (spec.type === 'boolean') {
      if (eq > 0) throw new UserError(`${name}: ${flag} takes no value`);
      given.set(key, true);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UserError(`${name}: ${flag} needs a value (${spec.value})`, { hint: helpHint });
    if (eq < 0) i++;
    const before = given.get(key);
    given.set(key, typeof before === 'string' ? `${before},${value}` : value);
  }
  const flags: Record<string, Value> = {};
  for (const [key, spec] of Object.entries(options))
    flags[key] = valueOf(`--${key}`, spec, given.get(key));
  return { flags, positionals };
}

/** `--x` and `-x` are flags; `-` (stdin) and negative numbers are not. */
function isFlag(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-' && !/^-\d/.test(arg);
}

function valueOf(flag: string, spec: OptionSpec, raw: string | true | undefined): Value {
  if (spec.type === 'boolean') return raw === true;
  if (raw === undefined || raw === true) return spec.default;
  return spec.type === 'integer' ? integerOf(flag, spec, raw) : stringOf(flag, spec, raw);
}

function stringOf(flag: string, spec: StringOption, raw: string): string {
  if (spec.choices !== undefined && !spec.choices.includes(raw))
    throw new UserError(
      `${flag}: "${raw}" is not one of ${spec.choices.join(', ')}${didYouMean(raw, spec.choices)}`,
    );
  return raw;
}

function integerOf(flag: string, spec: IntegerOption, raw: string): number {
  const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new UserError(`${flag}: "${raw}" is not a whole number`);
  if (spec.min !== undefined && n < spec.min)
    throw new UserError(`${flag}: ${n} is below the least allowed, ${spec.min}`);
  if (spec.max !== undefined && n > spec.max)
    throw new UserError(`${flag}: ${n} is above the most allowed, ${spec.max}`);
  return n;
}
