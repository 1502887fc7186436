// The one device credential `net scan` may use: a user name on the command line, the password from
// a file or the environment, never from argv (other users can read a process's arguments).
import { readFileSync } from 'node:fs';
import type { DeviceCredential } from '../netaudit/index.js';
import { UserError } from '../shared/errors.js';
import type { Flags } from './command.js';

/** The environment variable that may hold the device password. */
export const passwordEnv = 'SOUSVEIL_DEVICE_PASSWORD';

/** The credential the flags and environment give, or undefined when --device-user is absent. */
export function deviceCredential(
  flags: Flags,
  env: Readonly<Record<string, string | undefined>>,
): DeviceCredential | undefined {
  if (flags['device-password'] !== undefined)
    throw new UserError(
      `--device-password is not accepted: a password on the command line is visible to every user (ps). Use --device-password-file FILE or ${passwordEnv}`,
    );
  const user = flags['device-user'];
  const file = flags['device-password-file'];
  if (typeof user !== 'string') {
    if (typeof file === 'string')
      throw new UserError('--device-password-file needs --device-user (the user name to send)');
    if (flags['allow-basic-auth'] === true)
      throw new UserError('--allow-basic-auth needs --device-user and a password');
    return undefined;
  }
  checkUser(user);
  const fromEnv = env[passwordEnv];
  if (typeof file === 'string' && fromEnv !== undefined)
    throw new UserError(
      `the device password is given twice (--device-password-file and ${passwordEnv}); give it one way`,
    );
  const password = typeof file === 'string' ? readPasswordFile(file) : fromEnv;
  if (password === undefined)
    throw new UserError(
      `--device-user needs a password: --device-password-file FILE (first line) or the ${passwordEnv} environment variable`,
    );
  if (password === '' || password.length > 256 || hasControl(password))
    throw new UserError(
      'the device password must be 1-256 characters without control characters (it is not shown)',
    );
  return { user, password };
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function checkUser(user: string): void {
  if (user === '' || user.length > 64 || hasControl(user) || /[":\\]/.test(user))
    throw new UserError(
      `--device-user: "${user.slice(0, 64)}" must be 1-64 characters without control characters, quotes, backslashes or colons`,
    );
}

function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(
      `--device-password-file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      { cause: e },
    );
  }
  const first = text.split('\n')[0]?.replace(/\r$/, '') ?? '';
  if (first === '')
    throw new UserError(`--device-password-file: the first line of ${file} is empty`);
  return first;
}
