// The observatory's HTTP server (node:http): the JSON API, its OpenAPI description and the built
// web UI, with a strict Content-Security-Policy, bounded requests, gzip and an in-memory cache
// of GET responses that writes clear.
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ApiError, MAX_UPLOAD_BYTES, routes, type ApiContext, type Route } from './api.js';
import { openApiDocument } from './openapi.js';

export interface ObservatoryOptions {
  context: ApiContext;
  host: string;
  port: number;
  /** Token every write must carry (Authorization: Bearer …); required off loopback. */
  token?: string;
  /** The built web UI (index.html and assets/); absent means API only. */
  webDir?: string;
  log?: (line: string) => void;
}

export interface Observatory {
  server: Server;
  url: string;
  close: () => Promise<void>;
}

/** Loopback addresses, where the server may accept writes without a token. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'x-frame-options': 'DENY',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Cached {
  status: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** Response headers, built once: plain, gzip, and not-modified. */
  plainHeaders: string[];
  gzipHeaders: string[];
  notModifiedHeaders: string[];
}

function cached(status: number, type: string, body: Buffer, cacheControl: string): Cached {
  const gzip = gzipSync(body, { level: 6 });
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
  const common = [
    ...Object.entries(SECURITY_HEADERS).flat(),
    'content-type',
    type,
    'cache-control',
    cacheControl,
    'etag',
    etag,
    'vary',
    'accept-encoding',
  ];
  return {
    status,
    body,
    gzip,
    etag,
    plainHeaders: [...common, 'content-length', String(body.length)],
    gzipHeaders: [...common, 'content-encoding', 'gzip', 'content-length', String(gzip.length)],
    notModifiedHeaders: common,
  };
}

interface Match {
  route: Route;
  params: Record<string, string>;
}

function matchRoute(method: string, path: string): Match | 'method' | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let wrongMethod = false;
  for (const route of routes) {
    const pattern = route.path.split('/').filter((p) => p !== '');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const part = parts[i] ?? '';
      if (p.startsWith(':')) {
        params[p.slice(1)] = part;
        return true;
      }
      return p === part;
    });
    if (!ok) continue;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
      wrongMethod = true;
      continue;
    }
    return { route, params };
  }
  return wrongMethod ? 'method' : undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw new ApiError(413, `the upload is over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError(413, `the upload is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
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
): ApiError | undefined {
  if (loopback && token === undefined) return undefined;
  if (token === undefined)
    return new ApiError(
      403,
      'writes are disabled: the server is not on loopback and SOUSVEIL_TOKEN is not set',
    );
  if (!tokenMatches(authorization, token))
    return new ApiError(401, 'this write needs the token: Authorization: Bearer <SOUSVEIL_TOKEN>');
  return undefined;
}

export async function startObservatory(options: ObservatoryOptions): Promise<Observatory> {
  const { context, host, token, webDir } = options;
  const loopback = isLoopback(host);
  const cache = new Map<string, Cached>();
  const staticCache = new Map<string, Cached>();
  const log = options.log ?? (() => undefined);
  let origin = '';

  const send = (req: IncomingMessage, res: ServerResponse, c: Cached): void => {
    if (c.status === 200 && req.headers['if-none-match'] === c.etag) {
      res.writeHead(304, c.notModifiedHeaders).end();
      return;
    }
    const gzip = (req.headers['accept-encoding'] ?? '').includes('gzip');
    res.writeHead(c.status, gzip ? c.gzipHeaders : c.plainHeaders);
    res.end(req.method === 'HEAD' ? undefined : gzip ? c.gzip : c.body);
  };
  const sendJson = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    value: unknown,
  ): void => {
    const body = Buffer.from(JSON.stringify(value));
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'content-length': String(body.length),
    };
    // A request whose body was not read (refused upload) cannot share the connection again.
    const unread = !req.complete;
    if (unread) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body, () => {
      if (unread) req.socket.destroySoon();
    });
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname.slice('/api/v1'.length) || '/';
    const method = req.method ?? 'GET';
    if (path === '/openapi.json') {
      const key = 'openapi';
      let c = cache.get(key);
      if (c === undefined) {
        c = cached(
          200,
          'application/json',
          Buffer.from(JSON.stringify(openApiDocument())),
          'no-cache',
        );
        cache.set(key, c);
      }
      send(req, res, c);
      return;
    }
    const match = matchRoute(method, path);
    if (match === 'method') throw new ApiError(405, `${method} is not allowed on ${url.pathname}`);
    if (match === undefined) throw new ApiError(404, `no API route ${url.pathname}`);
    const { route, params } = match;
    if (route.method === 'GET') {
      const key = req.url ?? '';
      let c = cache.get(key);
      if (c === undefined) {
        const value = await route.handler(context, { params, query: url.searchParams });
        c = cached(200, 'application/json', Buffer.from(JSON.stringify(value)), 'no-cache');
        if (cache.size > 5000) cache.clear();
        cache.set(key, c);
      }
      send(req, res, c);
      return;
    }
    // Writes: same origin only, a non-simple content type (so browsers preflight, which this
    // server never grants), and the token off loopback.
    if (route.writes === true) {
      const from = req.headers.origin;
      if (from !== undefined && from !== origin && from !== `http://${String(req.headers.host)}`)
        throw new ApiError(403, 'cross-origin writes are refused');
      const refused = writeRefusal(loopback, token, req.headers.authorization);
      if (refused !== undefined) throw refused;
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (route.accepts !== undefined && !route.accepts.includes(contentType))
      throw new ApiError(415, `Content-Type must be one of ${route.accepts.join(', ')}`);
    const body = await readBody(req, MAX_UPLOAD_BYTES);
    const value = await route.handler(context, {
      params,
      query: url.searchParams,
      body,
      contentType,
    });
    cache.clear();
    sendJson(req, res, 201, value);
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (webDir === undefined || !existsSync(join(webDir, 'index.html'))) {
      sendJson(req, res, 404, {
        error: 'the web UI is not built: run `npm run build` (the API is at /api/v1/openapi.json)',
      });
      return;
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || !extname(rel)) rel = '/index.html';
    const file = normalize(join(webDir, rel));
    if (!file.startsWith(normalize(webDir) + sep)) {
      sendJson(req, res, 400, { error: 'bad path' });
      return;
    }
    let c = staticCache.get(file);
    if (c === undefined) {
      if (!existsSync(file) || !statSync(file).isFile()) {
        sendJson(req, res, 404, { error: `${url.pathname} not found` });
        return;
      }
      const immutable = rel.startsWith('/assets/');
      c = cached(
        200,
        TYPES[extname(file)] ?? 'application/octet-stream',
        readFileSync(file),
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      staticCache.set(file, c);
    }
    send(req, res, c);
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    const started = process.hrtime.bigint();
    void (async () => {
      try {
        if ((req.url ?? '').length > 8192) throw new ApiError(414, 'the URL is too long');
        // DNS rebinding: on loopback, answer only requests addressed to a loopback name.
        const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
        if (loopback && !isLoopback(hostName))
          throw new ApiError(421, `Host "${hostName}" is not this loopback server`);
        // The fast path: a GET answered before, straight from memory.
        const hit = req.method === 'GET' ? cache.get(req.url ?? '') : undefined;
        if (hit !== undefined) {
          send(req, res, hit);
          return;
        }
        const url = new URL(req.url ?? '/', 'http://localhost');
        const method = req.method ?? 'GET';
        if (url.pathname === '/api/v1' || url.pathname.startsWith('/api/v1/'))
          await api(req, res, url);
        else if (method === 'GET' || method === 'HEAD') serveStatic(req, res, url);
        else throw new ApiError(405, `${method} is not allowed here`);
      } catch (e) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (e instanceof ApiError) sendJson(req, res, e.status, { error: e.message });
        else if (e instanceof URIError) sendJson(req, res, 400, { error: 'bad URL encoding' });
        else {
          log(`error: ${req.method ?? ''} ${req.url ?? ''}: ${(e as Error).stack ?? String(e)}`);
          sendJson(req, res, 500, { error: 'internal error' });
        }
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (ms > 1000) log(`slow: ${req.method ?? ''} ${req.url ?? ''} ${ms.toFixed(0)} ms`);
      }
    })();
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${shown}:${address.port}`;
  return {
    server,
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
