// Who may write: on loopback anyone (unless a token is set), elsewhere only with the token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../shared/errors.js';

/** Loopback addresses, where the server may accept writes without a token. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}

/**
 * Why a write is refused, or undefined when it may go ahead: off loopback a token must be set and
 * sent; on loopback, a token, once set, must be sent too.
 */
export function writeRefusal(
  loopback: boolean,
  token: string | undefined,
  authorization: string | undefined,
): HttpError | undefined {
  if (loopback && token === undefined) return undefined;
  if (token === undefined)
    return new HttpError(
      403,
      'writes are disabled: the server is not on loopback and SOUSVEIL_TOKEN is not set',
    );
  if (!tokenMatches(authorization, token))
    return new HttpError(401, 'this write needs the token: Authorization: Bearer <SOUSVEIL_TOKEN>');
  return undefined;
}
