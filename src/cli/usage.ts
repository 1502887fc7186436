// Help text, generated from what the commands declare: one command's usage, a group's list of
// subcommands, and the top-level list.
import type { OptionSpec, OptionSpecs } from './command.js';

const width = 26;

/** The help of one command: usage line, prose, then every option with its default. */
export function commandUsage(spec: {
  path: readonly string[];
  args?: string;
  description: string;
  options: OptionSpecs;
}): string {
  const words = ['sousveil', ...spec.path, ...(spec.args === undefined ? [] : [spec.args])];
  const visible = Object.entries(spec.options).filter(([, o]) => o.hidden !== true);
  const lines = [`Usage: ${words.join(' ')}${visible.length > 0 ? ' [options]' : ''}`, ''];
  if (spec.description !== '') lines.push(spec.description.trimEnd(), '');
  lines.push('Options:');
  for (const [name, option] of visible) lines.push(optionLine(name, option));
  lines.push(optionLine('help', { type: 'boolean', description: 'this help' }));
  return lines.join('\n');
}

function optionLine(name: string, o: OptionSpec): string {
  const flag = `  --${name}${o.type === 'boolean' ? '' : ` ${o.value}`}`;
  const choices =
    o.type === 'string' && o.choices !== undefined ? ` (${o.choices.join(' | ')})` : '';
  const fallback =
    o.type !== 'boolean' && o.default !== undefined ? ` (default ${String(o.default)})` : '';
  const text = `${o.description}${choices}${fallback}`;
  return flag.length < width
    ? `${flag.padEnd(width)}${text}`
    : `${flag}\n${' '.repeat(width)}${text}`;
}

/** One line per command: its words and summary. */
export function commandList(
  commands: ReadonlyArray<{ path: readonly string[]; summary: string }>,
): string {
  const pad = Math.max(...commands.map((c) => c.path.join(' ').length)) + 2;
  return commands.map((c) => `  ${c.path.join(' ').padEnd(pad)}${c.summary}`).join('\n');
}

/** The help of a group (`sousveil net --help`): its subcommands. */
export function groupUsage(
  group: string,
  commands: ReadonlyArray<{ path: readonly string[]; summary: string }>,
): string {
  return [
    `Usage: sousveil ${group} <command> [options]`,
    '',
    'Commands:',
    commandList(commands),
    '',
    `sousveil ${group} <command> --help tells more about each.`,
    '',
  ].join('\n');
}

/** The top-level help. */
export function topUsage(
  commands: ReadonlyArray<{ path: readonly string[]; summary: string }>,
): string {
  return [
    'sousveil — find, map and document surveillance technology, with sources.',
    '',
    'Usage: sousveil <noun> <verb> [options]   (every command takes --help)',
    '',
    'Commands:',
    commandList(commands),
    '',
    'Global options:',
    '  --version                 the version of sousveil',
    '  --debug                   on an error, also print where it happened (the stack trace)',
    '',
    'Exit codes: 0 ok; 1 bad input or a failed check; 2 the environment (files, permissions,',
    'a busy database, a name that does not resolve); 3 --fail-on found what it names.',
    '',
  ].join('\n');
}
