// `sousveil sites add/code/list/revoke`: the sites scan agents report from, the one-time codes
// agents enroll with, and revoking an agent (its token is refused on its next request, by every
// serve process, since each request reads the store).
import { UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { openStoreForReading, openStoreForWriting } from '../store-context.js';
import { codeValidOption, durationMs, issueCode, nowOf, writeCode } from './sites-code.js';

const siteNamePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The one positional a command takes, or a one-line error naming the usage. */
function oneArg(positionals: readonly string[], usage: string): string {
  const [arg, ...extra] = positionals;
  if (arg === undefined || extra.length > 0) throw new UserError(`give one argument: ${usage}`);
  return arg;
}

export const sitesAdd = defineCommand({
  path: ['sites', 'add'],
  summary: 'add a site with the ranges its agents may report, and print an enrollment code',
  description:
    'Ranges are IPv4 or IPv6 CIDR blocks (--range again, or commas); public address space is refused unless you pass --authorized. The code is printed once and kept only as a hash.',
  args: '<name>',
  options: {
    ...jsonOption,
    ...dbOption,
    ...codeValidOption,
    range: {
      type: 'string',
      value: 'CIDR',
      repeatable: true,
      description: 'a CIDR block the site may report (again for more, or comma-separated)',
    },
    authorized: {
      type: 'boolean',
      description: 'you are authorised to scan the public addresses in the ranges',
    },
  },
  run: async ({ positionals, flags, io }) => {
    const name = oneArg(positionals, 'sousveil sites add NAME --range CIDR [--range CIDR…]');
    if (!siteNamePattern.test(name))
      throw new UserError(`sites add: "${name.slice(0, 64)}" is not 1 to 63 of a-z, 0-9, . _ -`);
    const { siteRanges } = await import('../../sites/index.js');
    const ranges = siteRanges(
      (flags.range ?? '').split(',').filter((r) => r.trim() !== ''),
      flags.authorized,
    );
    const validMs = durationMs(flags['code-valid'], '--code-valid');
    const store = await openStoreForWriting(flags.db);
    try {
      const now = nowOf(io);
      const site = await store.sites.add({ name, ranges, createdAt: now });
      if (site === undefined) throw new UserError(`sites add: site "${name}" already exists`);
      const code = await issueCode(store, site, validMs, now);
      if (flags.json) writeJson(io, { site, ...code });
      else {
        io.stdout.write(`added site ${name}: ${ranges.join(', ')}\n`);
        writeCode(io, name, code);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
});

export const sitesCode = defineCommand({
  path: ['sites', 'code'],
  summary: "print a new one-time enrollment code for a site's next agent",
  description: 'Earlier codes stay valid until used or expired.',
  args: '<name>',
  options: { ...jsonOption, ...dbOption, ...codeValidOption },
  run: async ({ positionals, flags, io }) => {
    const name = oneArg(positionals, 'sousveil sites code NAME');
    const validMs = durationMs(flags['code-valid'], '--code-valid');
    const store = await openStoreForWriting(flags.db);
    try {
      const site = await store.sites.get(name);
      if (site === undefined) throw new UserError(`sites code: no site "${name.slice(0, 64)}"`);
      const code = await issueCode(store, site, validMs, nowOf(io));
      if (flags.json) writeJson(io, { site: name, ...code });
      else writeCode(io, name, code);
      return 0;
    } finally {
      await store.close();
    }
  },
});

export const sitesList = defineCommand({
  path: ['sites', 'list'],
  summary: 'list the sites with their agents',
  description: 'Each site, its ranges and its agents: when last heard from, silent or revoked.',
  options: { ...jsonOption, ...dbOption },
  run: async ({ flags, io }) => {
    const store = await openStoreForReading(flags.db);
    try {
      const { listSites } = await import('../../sites/index.js');
      const sites = await listSites(store.sites, nowOf(io));
      if (flags.json) writeJson(io, { sites });
      for (const s of flags.json ? [] : sites) {
        io.stdout.write(`${s.name}  ${s.ranges.join(', ')}  ${s.agents.length} agent(s)\n`);
        for (const a of s.agents) {
          const state =
            a.revokedAt !== undefined ? `revoked ${a.revokedAt}` : a.silent ? 'SILENT' : 'ok';
          io.stdout.write(`  agent ${a.id} ${a.name}  last seen ${a.lastSeenAt}  ${state}\n`);
        }
      }
      return 0;
    } finally {
      await store.close();
    }
  },
});

export const sitesRevoke = defineCommand({
  path: ['sites', 'revoke'],
  summary: "revoke an agent's token: its next request is refused",
  description: 'The agent id is the one `sousveil sites list` shows.',
  args: '<agent-id>',
  options: { ...jsonOption, ...dbOption },
  run: async ({ positionals, flags, io }) => {
    const raw = oneArg(positionals, 'sousveil sites revoke AGENT_ID');
    const id = Number(raw);
    if (!Number.isInteger(id) || id < 1)
      throw new UserError(`sites revoke: agent id "${raw.slice(0, 20)}" is not a number`);
    const store = await openStoreForWriting(flags.db);
    try {
      if (!(await store.sites.revoke(id, nowOf(io))))
        throw new UserError(`sites revoke: no agent ${id}`);
      if (flags.json) writeJson(io, { revoked: id });
      else io.stdout.write(`revoked agent ${id}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
});
