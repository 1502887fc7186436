// Who may write: on loopback anyone (unless a token is set), elsewhere only with the token;
// agents' routes with an agent's own token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../shared/errors.js';
import { secretHash } from '../sites/index-node.js';
import type { Agent, Site, Store } from '../store/index.js';

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

/**
 * The agent an agent route's request comes from, by its bearer token's SHA-256, read from the
 * store on every request (a revocation holds at once on every worker); else a 401. The token
 * itself is never logged or kept.
 */
export async function agentOfRequest(
  store: Store,
  authorization: string | undefined,
): Promise<{ site: Site; agent: Agent }> {
  const token = /^Bearer ([\x21-\x7e]{1,200})$/.exec(authorization ?? '')?.[1];
  if (token === undefined)
    throw new HttpError(401, "this route needs an agent's token: Authorization: Bearer <token>");
  const found = await store.sites.agentByToken(secretHash(token, 'token'));
  if (found === undefined) throw new HttpError(401, 'the agent token is not known');
  if (found.agent.revokedAt !== undefined)
    throw new HttpError(401, `agent ${found.agent.id} was revoked on ${found.agent.revokedAt}`);
  return found;
}
