// Moderation (pure): logins with lockout.
export {
  attemptLogin,
  LOCK_MS,
  LoginRefusedError,
  MAX_FAILED_LOGINS,
  type LoginDeps,
} from './login.js';
