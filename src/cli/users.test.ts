import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../moderation/index-node.js';
import { openSqliteStore } from '../store/index.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const db = join(mkdtempSync(join(tmpdir(), 'sousveil-users-')), 'users.db');

describe('sousveil users', () => {
  it('adds a moderator with the password from stdin, stored only as an scrypt hash', async () => {
    const io = captureIo('a long enough passphrase\n');
    expect(await run(['users', 'add', 'ana', '--role', 'moderator', '--db', db], io)).toBe(0);
    expect(io.out()).toBe('added moderator ana\n');
    const store = openSqliteStore(db);
    const ana = await store.moderators.get('ana');
    await store.close();
    expect(ana?.passwordHash).toMatch(/^scrypt\$/);
    expect(ana?.passwordHash).not.toContain('passphrase');
    expect(await verifyPassword('a long enough passphrase', ana?.passwordHash ?? '')).toBe(true);
    const list = captureIo();
    expect(await run(['users', 'list', '--json', '--db', db], list)).toBe(0);
    expect(JSON.parse(list.out())).toEqual({
      users: [{ name: 'ana', role: 'moderator', failedLogins: 0, createdDay: '2026-11-28' }],
    });
  });

  it.each([
    [['users', 'add', 'bob'], 'short\n', 'shorter than 12 characters'],
    [['users', 'add', 'ana'], 'another long passphrase\n', '"ana" already exists'],
    [['users', 'add', 'Bad Name'], 'another long passphrase\n', 'is not 2 to 40 of'],
    [['users', 'add', 'carl', '--role', 'root'], 'another long passphrase\n', 'root'],
    [['users', 'add'], 'another long passphrase\n', 'give one name'],
  ])('refuses %j', async (args, stdin, why) => {
    const io = captureIo(stdin);
    expect(await run([...args, '--db', db], io)).toBe(1);
    expect(io.err()).toContain(why);
  });
});
