import { createInterface } from 'node:readline';
import {
  alternativesFor,
  Identifier,
  isCalendarDay,
  reachedByRestriction,
  type Identification,
} from '../../kb/index.js';
import { UserError } from '../../shared/errors.js';
import { defineCommand, jsonOption, writeJson, type CliIo, type Flags } from '../command.js';
import { compactIdentificationJson } from '../identify-compact.js';
import { formatIdentification, formatIdentificationLine } from '../identify-format.js';
import { kbOrThrow } from '../kb-context.js';

export const identify = defineCommand({
  path: ['identify'],
  summary:
    'who makes it, who owns the brand, which laws restrict it: MACs, banners, models, names, domains',
  args: '<value…>',
  description: `With --stdin, one value a line (with --json, one compact JSON object a line).

Values: MAC addresses (44:19:B6:12:34:56, 4419.b612.3456, …), OUIs (44:19:B6), HTTP/RTSP banners
and auth realms ("App-webs/", 'Digest realm="Hikvision"'), model codes (DS-2CD2143G0-I), brand or
company names (Lorex), vendor cloud domains (dev.hik-connect.com), SNMP OIDs, favicon MD5s.
An unknown value answers "no match"; a malformed MAC is an error. Exit 1 if any value was malformed.`,
  options: {
    ...jsonOption,
    stdin: { type: 'boolean', description: 'read one value a line from stdin' },
    'as-of': {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: 'the day the restrictions are judged on (default today)',
    },
  },
  run: async ({ positionals, flags, io }) => {
    const asOf = asOfDate(flags, io);
    const kb = await kbOrThrow();
    const identifier = new Identifier(kb, asOf);
    if (flags.stdin) return identifyStream(identifier, flags.json, io);
    if (positionals.length === 0)
      throw new UserError('identify: no value given', {
        hint: 'sousveil identify 44:19:B6:12:34:56, or --stdin to read one value a line',
      });
    const results: Identification[] = [];
    let failed = 0;
    for (const p of positionals) {
      const out = identifier.identify(p);
      if (out.ok) results.push(out.value);
      else {
        failed++;
        io.stderr.write(`sousveil: ${out.error}\n`);
      }
    }
    if (flags.json)
      writeJson(io, {
        asOf,
        results: results.map((r) =>
          r.verdict !== undefined && reachedByRestriction(kb, r.verdict.maker.id, asOf)
            ? { ...r, alternatives: alternativesFor(kb, r.verdict.maker.id, asOf) }
            : r,
        ),
      });
    else io.stdout.write(results.map((r) => formatIdentification(kb, r, asOf)).join('\n'));
    return failed > 0 ? 1 : 0;
  },
});

function asOfDate(flags: Flags, io: CliIo): string {
  const v = flags['as-of'];
  if (v === undefined) return io.today();
  if (typeof v !== 'string' || !isCalendarDay(v))
    throw new UserError(`--as-of: "${String(v)}" is not a calendar date (YYYY-MM-DD)`);
  return v;
}

async function identifyStream(identifier: Identifier, json: boolean, io: CliIo): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let buffer = '';
  let failed = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const out = identifier.identify(line);
    if (!out.ok) {
      failed++;
      io.stderr.write(`sousveil: line ${lineNo}: ${out.error}\n`);
      continue;
    }
    buffer += json ? compactIdentificationJson(out.value) : formatIdentificationLine(out.value);
    if (buffer.length > 1 << 16) {
      if (!io.stdout.write(buffer)) await new Promise((r) => io.stdout.once('drain', r));
      buffer = '';
    }
  }
  io.stdout.write(buffer);
  return failed > 0 ? 1 : 0;
}
