// Moderators' logins (pure; the password check is passed in): the same answer for an unknown name
// and a wrong password, a lock after repeated failures that even the right password cannot pass
// until it ends, and the count reset by a good login.
import { SousveilError } from '../shared/errors.js';
import type { Moderator, ModeratorRepository } from '../store/index.js';

/** Failed logins in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a lock lasts. */
export const LOCK_MS = 15 * 60 * 1000;

/** A login refused: wrong name or password, or a locked account. HTTP 401. */
export class LoginRefusedError extends SousveilError {
  constructor(message: string) {
    super('refused', message);
  }
}

export interface LoginDeps {
  moderators: ModeratorRepository;
  verify: (password: string, stored: string) => Promise<boolean>;
  /** A hash no password matches, checked for unknown names so they take as long as known ones. */
  unusableHash: string;
}

/** The moderator `name` logged in as at `nowMs`, or a LoginRefusedError. */
export async function attemptLogin(
  deps: LoginDeps,
  name: string,
  password: string,
  nowMs: number,
): Promise<Moderator> {
  const m = await deps.moderators.get(name);
  if (m === undefined) {
    await deps.verify(password, deps.unusableHash);
    throw new LoginRefusedError('the name or the password is wrong');
  }
  if (m.lockedUntil !== undefined && Date.parse(m.lockedUntil) > nowMs)
    throw new LoginRefusedError(
      `this account is locked after ${MAX_FAILED_LOGINS} failed logins until ${m.lockedUntil.slice(11, 16)} UTC`,
    );
  if (await deps.verify(password, m.passwordHash)) {
    if (m.failedLogins > 0 || m.lockedUntil !== undefined)
      await deps.moderators.setLoginState(name, 0);
    return { ...m, failedLogins: 0 };
  }
  const failed = m.failedLogins + 1;
  if (failed >= MAX_FAILED_LOGINS) {
    await deps.moderators.setLoginState(name, 0, new Date(nowMs + LOCK_MS).toISOString());
    throw new LoginRefusedError(
      `the name or the password is wrong; after ${MAX_FAILED_LOGINS} failures the account is locked for ${LOCK_MS / 60_000} minutes`,
    );
  }
  await deps.moderators.setLoginState(name, failed);
  throw new LoginRefusedError('the name or the password is wrong');
}
