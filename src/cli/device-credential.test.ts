import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.js';
import { deviceCredential, passwordEnv } from './device-credential.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-cred-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('deviceCredential', () => {
  it('is absent without --device-user, even when the environment holds a password', () => {
    expect(deviceCredential({}, { [passwordEnv]: 'x' })).toBeUndefined();
  });

  it('takes the first line of the password file, or the environment', () => {
    const f = file('pw', 's3cret pass\r\nsecond line\n');
    expect(deviceCredential({ 'device-user': 'admin', 'device-password-file': f }, {})).toEqual({
      user: 'admin',
      password: 's3cret pass',
    });
    expect(deviceCredential({ 'device-user': 'admin' }, { [passwordEnv]: 'e' })).toEqual({
      user: 'admin',
      password: 'e',
    });
  });

  it.each([
    [{ 'device-user': 'admin' }, {}, 'needs a password'],
    [{ 'device-password-file': '/x' }, {}, 'needs --device-user'],
    [{ 'allow-basic-auth': true }, {}, '--allow-basic-auth needs --device-user'],
    [{ 'device-user': 'admin', 'device-password': 'pw' }, {}, 'visible to every user'],
    [{ 'device-user': 'admin', 'device-password-file': join(dir, 'missing') }, {}, 'cannot read'],
    [{ 'device-user': 'admin', 'device-password-file': '@empty' }, {}, 'first line'],
    [
      { 'device-user': 'admin', 'device-password-file': '@pw' },
      { [passwordEnv]: 'e' },
      'given twice',
    ],
    [{ 'device-user': 'ad:min' }, { [passwordEnv]: 'e' }, 'colons'],
    [{ 'device-user': 'admin' }, { [passwordEnv]: 'a\u0007b' }, 'control characters'],
  ])('%j with env %j fails: %s', (flags, env, message) => {
    const resolved = Object.fromEntries(
      Object.entries(flags).map(([k, v]) => [
        k,
        v === '@empty' ? file('empty', '\nsecond\n') : v === '@pw' ? file('pw2', 'p\n') : v,
      ]),
    );
    let error: unknown;
    try {
      deviceCredential(resolved, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(message);
    const text = (error as Error).message;
    expect(text.includes('a\u0007b') || /\bpw\b/.test(text)).toBe(false);
  });
});
