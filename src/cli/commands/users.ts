// `sousveil users add/list`: moderators' accounts. The password comes on standard input, never
// as an argument (arguments show in `ps` and shell history), and only its scrypt hash is stored.
import { UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, writeJson, type CliIo } from '../command.js';
import { openStoreForReading, openStoreForWriting } from '../store-context.js';

const maxPasswordBytes = 1024;

/** The first line of standard input, at most 1 KiB, as the password. */
async function passwordFromStdin(io: CliIo): Promise<string> {
  if ((io.stdin as { isTTY?: boolean }).isTTY === true)
    throw new UserError('users add: the password is read from standard input', {
      hint: 'pipe it in: printf \'%s\\n\' "$PASSWORD" | sousveil users add NAME --role moderator',
    });
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += b.length;
    if (bytes > maxPasswordBytes)
      throw new UserError(`users add: standard input is over ${maxPasswordBytes} bytes`);
    chunks.push(b);
  }
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (password.length < 12)
    throw new UserError('users add: the password is shorter than 12 characters');
  return password;
}

export const usersAdd = defineCommand({
  path: ['users', 'add'],
  summary: 'add a moderator account (password on standard input)',
  description:
    'The password is read from the first line of standard input (12 characters at least) and stored as an scrypt hash.',
  args: '<name>',
  options: {
    ...jsonOption,
    ...dbOption,
    role: {
      type: 'string',
      value: 'ROLE',
      choices: ['moderator', 'admin'],
      default: 'moderator',
      description: 'what the account may do',
    },
  },
  run: async ({ positionals, flags, io }) => {
    const [name, ...extra] = positionals;
    if (name === undefined || extra.length > 0)
      throw new UserError('users add: give one name', {
        hint: 'sousveil users add NAME --role moderator',
      });
    if (!/^[a-z0-9][a-z0-9._-]{1,39}$/.test(name))
      throw new UserError(`users add: "${name.slice(0, 40)}" is not 2 to 40 of a-z, 0-9, . _ -`);
    const password = await passwordFromStdin(io);
    const { hashPassword } = await import('../../moderation/index-node.js');
    const passwordHash = await hashPassword(password);
    const store = await openStoreForWriting(flags.db);
    try {
      const role = flags.role;
      const added = await store.moderators.add({
        name,
        role,
        passwordHash,
        createdDay: io.today(),
      });
      if (!added) throw new UserError(`users add: "${name}" already exists`);
      if (flags.json) writeJson(io, { name, role });
      else io.stdout.write(`added ${role} ${name}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
});

export const usersList = defineCommand({
  path: ['users', 'list'],
  summary: 'list the moderator accounts',
  description: 'Names, roles, since when, and any lock after failed logins; never the hashes.',
  options: { ...jsonOption, ...dbOption },
  run: async ({ flags, io }) => {
    const store = await openStoreForReading(flags.db);
    try {
      const users = await store.moderators.list();
      if (flags.json) writeJson(io, { users });
      else
        for (const u of users)
          io.stdout.write(
            `${u.name.padEnd(20)} ${u.role.padEnd(9)} since ${u.createdDay}${u.lockedUntil === undefined ? '' : `  locked until ${u.lockedUntil}`}\n`,
          );
      return 0;
    } finally {
      await store.close();
    }
  },
});
