// Answering a moderator's GET: the session checked, the answer computed and sent as it is, never
// put in the GET cache (whose fast path answers before any session is looked at).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext, ApiRequest, Route } from './api-types.js';
import { SECURITY_HEADERS } from './http-headers.js';
import { sendJson } from './http-send.js';

/** Sends a `moderator` route's GET answer after checking the session. */
export async function sendModeratorGet(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  ctx: ApiContext,
  request: Pick<ApiRequest, 'params' | 'query'>,
): Promise<void> {
  const session = ctx.sessions.authorize(req);
  const value = await route.handler(ctx, {
    ...request,
    moderator: { name: session.name, role: session.role },
  });
  if (route.produces === undefined) return sendJson(req, res, 200, value);
  const { type, bytes, filename } = value as { type: string; bytes: Uint8Array; filename?: string };
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': String(bytes.length),
    'cache-control': 'no-store',
    // An export is saved under its name; a photo is shown. Names are ours ([A-Za-z0-9._-]).
    'content-disposition':
      filename === undefined
        ? 'inline'
        : `attachment; filename="${filename.replaceAll(/[^\w.-]/g, '_')}"`,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
