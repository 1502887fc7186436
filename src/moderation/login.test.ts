import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store/index.js';
import { hashPassword, unusableHash, verifyPassword } from './crypto-passwords.js';
import { attemptLogin, LOCK_MS, LoginRefusedError, MAX_FAILED_LOGINS } from './login.js';

let store: Store;
const t0 = Date.parse('2026-11-30T12:00:00Z');

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  const passwordHash = await hashPassword('correct horse battery');
  expect(
    await store.moderators.add({
      name: 'ana',
      role: 'moderator',
      passwordHash,
      createdDay: '2026-11-30',
    }),
  ).toBe(true);
});
afterEach(async () => store.close());

const deps = () => ({ moderators: store.moderators, verify: verifyPassword, unusableHash });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('passwords', () => {
  it('hash with a random salt and verify only the right password', async () => {
    const a = await hashPassword('pässword one');
    const b = await hashPassword('pässword one');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('pässword one', a)).toBe(true);
    // NFC and NFD spellings of one password are the same password.
    expect(await verifyPassword('pa\u0308ssword one', a)).toBe(true);
    expect(await verifyPassword('password one', a)).toBe(false);
    expect(await verifyPassword('x', unusableHash)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$AA$AA')).toBe(false);
  });
});

describe('attemptLogin', () => {
  it('lets the right password in and refuses a wrong one or an unknown name alike', async () => {
    expect((await attemptLogin(deps(), 'ana', 'correct horse battery', t0)).name).toBe('ana');
    const wrong = await refusal(attemptLogin(deps(), 'ana', 'wrong', t0));
    const unknown = await refusal(attemptLogin(deps(), 'bob', 'wrong', t0));
    expect(wrong).toBeInstanceOf(LoginRefusedError);
    expect((wrong as Error).message).toBe((unknown as Error).message);
  });

  it(`locks after ${MAX_FAILED_LOGINS} failures, even against the right password, until the lock ends`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++)
      await refusal(attemptLogin(deps(), 'ana', `guess ${i}`, t0));
    expect((await store.moderators.get('ana'))?.lockedUntil).toBe(
      new Date(t0 + LOCK_MS).toISOString(),
    );
    const locked = await refusal(attemptLogin(deps(), 'ana', 'correct horse battery', t0 + 60_000));
    expect((locked as Error).message).toContain('locked');
    const m = await attemptLogin(deps(), 'ana', 'correct horse battery', t0 + LOCK_MS + 1);
    expect(m.failedLogins).toBe(0);
    expect(await store.moderators.get('ana')).not.toHaveProperty('lockedUntil');
  });

  it('a good login resets the count of failures', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++)
      await refusal(attemptLogin(deps(), 'ana', 'no', t0));
    await attemptLogin(deps(), 'ana', 'correct horse battery', t0);
    await refusal(attemptLogin(deps(), 'ana', 'no', t0));
    expect((await store.moderators.get('ana'))?.failedLogins).toBe(1);
  });
});

describe('moderation decisions', () => {
  it('set the report status and leave an audit log', async () => {
    await store.reports.add({
      id: 'r1',
      day: '2026-11-30',
      lat: 1,
      lon: 2,
      fields: { type: 'camera' },
    });
    const at = '2026-11-30T13:00:00.000Z';
    expect(
      await store.reports.decide({
        reportId: 'r1',
        moderator: 'ana',
        decision: 'reject',
        reason: 'duplicate of n123',
        at,
      }),
    ).toBe(true);
    expect(
      await store.reports.decide({
        reportId: 'r1',
        moderator: 'ana',
        decision: 'accept',
        reason: 'not a duplicate after all',
        at,
      }),
    ).toBe(true);
    expect(
      await store.reports.decide({
        reportId: 'nope',
        moderator: 'ana',
        decision: 'accept',
        reason: '',
        at,
      }),
    ).toBe(false);
    expect((await store.reports.get('r1'))?.status).toBe('accepted');
    expect(
      (await store.reports.decisions('r1')).map((d) => [d.moderator, d.decision, d.reason]),
    ).toEqual([
      ['ana', 'reject', 'duplicate of n123'],
      ['ana', 'accept', 'not a duplicate after all'],
    ]);
    expect(await store.moderators.list()).toEqual([
      { name: 'ana', role: 'moderator', failedLogins: 0, createdDay: '2026-11-30' },
    ]);
    expect(
      await store.moderators.add({
        name: 'ana',
        role: 'admin',
        passwordHash: 'x',
        createdDay: '2026-11-30',
      }),
    ).toBe(false);
  });
});
