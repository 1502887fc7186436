// Moderators' sessions, in memory only (a restart logs everyone out; under `serve --workers` each
// worker holds a copy, passed on through the primary): a random
// token in a cookie that scripts cannot read (HttpOnly), sent only to this site (SameSite=Strict)
// and only over HTTPS or to localhost (Secure), kept here as its SHA-256, with a CSRF token the
// page must echo in X-CSRF-Token on every change. Sessions end after 8 hours, or at logout.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../shared/errors.js';
import type { ModeratorRole } from '../store/index.js';

export const SESSION_COOKIE = 'sousveil_session';
const sessionMs = 8 * 60 * 60 * 1000;
const maxSessions = 10_000;

export interface Session {
  name: string;
  role: ModeratorRole;
  csrfToken: string;
  expiresMs: number;
}

/** A session opened or ended, as `serve --workers` passes it to the other workers. */
export type SessionChange =
  { op: 'open'; key: string; session: Session } | { op: 'end'; key: string };

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Open sessions by the hash of their token. */
export class ModeratorSessions {
  readonly #sessions = new Map<string, Session>();
  /** Told of every session this process opens or ends (set under `serve --workers`). */
  share: ((change: SessionChange) => void) | undefined;
  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Applies a change another worker made; an already expired session is not kept. */
  apply(change: SessionChange): void {
    if (change.op === 'end') this.#sessions.delete(change.key);
    else if (change.session.expiresMs > this.nowMs())
      this.#sessions.set(change.key, change.session);
  }

  /** A new session for `name`: its token (for the cookie) and the session. */
  create(name: string, role: ModeratorRole): { token: string; session: Session } {
    this.#sweep();
    const token = randomBytes(32).toString('base64url');
    const session = {
      name,
      role,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresMs: this.nowMs() + sessionMs,
    };
    this.#sessions.set(digest(token), session);
    this.share?.({ op: 'open', key: digest(token), session });
    return { token, session };
  }

  /** The session whose cookie `req` carries, or undefined. */
  of(req: IncomingMessage): { token: string; session: Session } | undefined {
    const token = cookieOf(req.headers.cookie, SESSION_COOKIE);
    if (token === undefined) return undefined;
    const session = this.#sessions.get(digest(token));
    if (session === undefined) return undefined;
    if (session.expiresMs <= this.nowMs()) {
      this.#sessions.delete(digest(token));
      return undefined;
    }
    return { token, session };
  }

  /**
   * The moderator behind `req`: a 401 without a live session; for a change (not GET), a 403
   * unless X-CSRF-Token carries the session's CSRF token.
   */
  authorize(req: IncomingMessage): Session {
    const found = this.of(req);
    if (found === undefined)
      throw new HttpError(401, 'log in as a moderator first (POST /api/v1/sessions)');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const given = Buffer.from(String(req.headers['x-csrf-token'] ?? ''));
      const expected = Buffer.from(found.session.csrfToken);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new HttpError(403, 'the X-CSRF-Token header is missing or wrong');
    }
    return found.session;
  }

  end(token: string): void {
    this.#sessions.delete(digest(token));
    this.share?.({ op: 'end', key: digest(token) });
  }

  get size(): number {
    return this.#sessions.size;
  }

  #sweep(): void {
    const now = this.nowMs();
    for (const [k, s] of this.#sessions) if (s.expiresMs <= now) this.#sessions.delete(k);
    if (this.#sessions.size >= maxSessions)
      throw new HttpError(503, 'too many open moderator sessions; try again later', {
        retryAfterS: 60,
      });
  }
}

/** The Set-Cookie value that opens (token) or ends (undefined) a session. */
export function sessionCookie(token: string | undefined): string {
  const base = `${SESSION_COOKIE}=${token ?? ''}; Path=/api/v1; HttpOnly; Secure; SameSite=Strict`;
  return token === undefined ? `${base}; Max-Age=0` : `${base}; Max-Age=${sessionMs / 1000}`;
}

/** One cookie's value from a Cookie header. */
function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
