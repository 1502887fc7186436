// The observatory's HTTP server (node:http): the JSON API, its OpenAPI description and the built
// web UI, with a strict Content-Security-Policy, requests bounded in bytes (URL, headers, each
// upload, all unfinished uploads together), gzip, and a byte-bounded cache of GET answers that
// empties whenever the store changes, whoever changed it. What it logs (unexpected errors, slow
// requests) names the method and path only: never the client's address or user agent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Observatory, ObservatoryOptions, ObservatoryStats } from './http-options.js';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HttpError } from '../shared/errors.js';
import { storeAreas, type StoreArea } from '../store/index.js';
import {
  DEFAULT_MAX_APP_BYTES,
  MAX_UPLOAD_BYTES,
  type ApiContext,
  type ApiRequest,
  type Route,
} from './api.js';
import { BASEMAP_PATH } from './api-types.js';
import { renderTypes } from './api-types.js';
import { agentOfRequest, isLoopback, writeRefusal } from './http-auth.js';
import { readBody, UploadBudget } from './http-body.js';
import { ReportLimit } from './report-limit.js';
import { sendModeratorGet } from './moderator-routes.js';
import { buildCached, ResponseCache, type Cached } from './http-cache.js';
import { errorAnswer } from './http-errors.js';
import { rangeFile } from './http-range.js';
import { sendCached, sendJson } from './http-send.js';
import { staticFiles } from './http-static.js';
import { openApiDocument } from './openapi.js';
import { canonicalQuery, matchRoute } from './router.js';

export { CSP } from './http-headers.js';
export { isLoopback, writeRefusal } from './http-auth.js';

export type { Observatory, ObservatoryOptions, ObservatoryStats } from './http-options.js';

/** Starts the server; resolves once it listens. */
export async function startObservatory(options: ObservatoryOptions): Promise<Observatory> {
  const handler = new RequestHandler(options);
  const worker = options.workerNumber === undefined ? undefined : String(options.workerNumber);
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    if (worker !== undefined) res.setHeader('x-sousveil-worker', worker);
    void handler.answer(req, res);
  };
  const server =
    options.tls === undefined
      ? createServer({ maxHeaderSize: 16 * 1024 }, answer)
      : createTlsServer({ maxHeaderSize: 16 * 1024, ...options.tls }, answer);
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;
  handler.origin = await listen(server, options.port, options.host, options.tls !== undefined);
  return {
    server,
    url: handler.origin,
    stats: () => handler.stats(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Everything one request needs: the cache, the upload budget, the routes. */
class RequestHandler {
  readonly #options: ObservatoryOptions;
  readonly #context: ApiContext;
  readonly #cache: ResponseCache;
  readonly #budget: UploadBudget;
  readonly #maxAppBytes: number;
  /** Public writes (reports) have their own budget, so a flood of them never blocks uploads. */
  readonly #reportBudget: UploadBudget;
  readonly #reportLimit: ReportLimit;
  /** Login attempts per network and day (accounts also lock after repeated failures). */
  readonly #loginLimit = new ReportLimit({ perDay: 200, what: 'login attempts' });
  readonly #log: (line: string) => void;
  readonly #statics: ReturnType<typeof staticFiles>;
  readonly #basemap: ReturnType<typeof rangeFile> | undefined;
  /** Answers being computed, by generation and key (bounded by the requests in flight). */
  readonly #computing = new Map<string, Promise<Cached>>();
  /** The server's own origin, known once it listens. */
  origin = '';

  constructor(options: ObservatoryOptions) {
    this.#options = options;
    this.#context = options.context;
    this.#cache = new ResponseCache(options.cacheBytes ?? 32 * 1024 * 1024);
    this.#maxAppBytes = options.maxAppUploadBytes ?? DEFAULT_MAX_APP_BYTES;
    this.#budget = new UploadBudget(
      options.uploadBudgetBytes ?? 64 * 1024 * 1024 + this.#maxAppBytes,
    );
    this.#reportBudget = new UploadBudget(options.reportBudgetBytes ?? 32 * 1024 * 1024);
    this.#reportLimit = new ReportLimit({ perDay: options.reportsPerDay ?? 50 });
    this.#log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.#statics = staticFiles(options.webDir);
    const basemap = options.context.basemap;
    this.#basemap =
      basemap === undefined ? undefined : rangeFile(basemap.path, 'application/vnd.pmtiles');
  }

  stats(): ObservatoryStats {
    return {
      cacheBytes: this.#cache.bytes,
      cacheEntries: this.#cache.size,
      uploadBytesHeld: this.#budget.used + this.#reportBudget.used,
    };
  }

  /** Answers one request; every error ends here, in the one error boundary. */
  async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const what = `${req.method ?? ''} ${(req.url ?? '').slice(0, 200)}`;
    try {
      await this.#route(req, res);
    } catch (e) {
      if (res.headersSent) return void res.destroy();
      const answer = errorAnswer(e, what, this.#log);
      sendJson(req, res, answer.status, answer.body, answer.headers);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (ms > 1000) this.#log(`slow: ${what} ${ms.toFixed(0)} ms`);
    }
  }

  #isPublicHost(req: IncomingMessage): boolean {
    const pub = this.#options.publicOrigin;
    return pub !== undefined && new URL(pub).host === req.headers.host;
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').length > 8192) throw new HttpError(414, 'the URL is too long');
    // DNS rebinding: on loopback, answer only requests addressed to a loopback name.
    const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (isLoopback(this.#options.host) && !isLoopback(hostName) && !this.#isPublicHost(req))
      throw new HttpError(421, `Host "${hostName}" is not this loopback server`);
    this.#cache.sync(await this.#context.store.changes());
    // The fast path: a GET answered before, straight from memory.
    const hit = req.method === 'GET' ? this.#cache.get(req.url ?? '') : undefined;
    if (hit !== undefined) return sendCached(req, res, hit);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === '/api/v1' || url.pathname.startsWith('/api/v1/'))
      return this.#api(req, res, url);
    if (url.pathname === BASEMAP_PATH && this.#basemap !== undefined)
      return this.#basemap(req, res);
    if (method === 'GET' || method === 'HEAD') return this.#statics(req, res, url);
    throw new HttpError(405, `${method} is not allowed here`);
  }

  async #api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/api/v1'.length) || '/';
    const method = req.method ?? 'GET';
    if (path === '/openapi.json')
      return this.#cachedGet(req, res, url.pathname, [], async () => ({
        type: 'application/json',
        body: JSON.stringify(openApiDocument()),
      }));
    const match = matchRoute(method, path);
    if (match === 'method') throw new HttpError(405, `${method} is not allowed on ${url.pathname}`);
    if (match === undefined) throw new HttpError(404, `no API route ${url.pathname}`);
    const { route, params } = match;
    const query = canonicalQuery(route, url.searchParams);
    if (route.method !== 'GET')
      return this.#write(req, res, route, { params, query: new URLSearchParams(query) });
    // Keyed on the canonical form, which is also what a plain request's URL is, so the fast
    // path finds it without parsing.
    const key = query === '' ? url.pathname : `${url.pathname}?${query}`;
    const request = { params, query: new URLSearchParams(query) };
    // Moderators' answers are never cached: the cache's fast path answers without a session.
    if (route.access === 'moderator')
      return sendModeratorGet(req, res, route, this.#context, request);
    if (route.volatile === true)
      return sendJson(req, res, 200, await route.handler(this.#context, request));
    const format = request.query.get('format') ?? 'json';
    const render = format === 'json' ? undefined : route.render?.[format as 'csv' | 'html'];
    if (format !== 'json' && render === undefined)
      throw new HttpError(400, `format: "${format.slice(0, 20)}" is not one this route gives`);
    return this.#cachedGet(req, res, key, route.reads ?? storeAreas, async () => {
      const value = await route.handler(this.#context, request);
      if (render === undefined) return { type: 'application/json', body: JSON.stringify(value) };
      return {
        type: renderTypes[format as 'csv' | 'html'],
        body: await render(value, this.#context, request),
      };
    });
  }

  /** Answers from the cache; concurrent misses of one key share one computation. */
  async #cachedGet(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    areas: readonly StoreArea[],
    compute: () => Promise<{ type: string; body: string }>,
  ): Promise<void> {
    let c = this.#cache.get(key);
    if (c === undefined) {
      const at = this.#cache.snapshot();
      const flight = `${at.epoch}\n${at.changes?.generation ?? ''}\n${key}`;
      let pending = this.#computing.get(flight);
      if (pending === undefined) {
        pending = this.#compute(compute).finally(() => this.#computing.delete(flight));
        this.#computing.set(flight, pending);
        void pending.then(
          (value) => this.#cache.set(key, value, areas, at),
          () => undefined,
        );
      }
      c = await pending;
    }
    sendCached(req, res, c);
  }

  async #compute(compute: () => Promise<{ type: string; body: string }>): Promise<Cached> {
    const { type, body } = await compute();
    return buildCached(200, type, Buffer.from(body), 'no-cache');
  }

  async #write(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    request: Pick<ApiRequest, 'params' | 'query'>,
  ): Promise<void> {
    const refused = writeRefusalOf(req, route, this.#options, this.origin);
    if (refused !== undefined) throw refused;
    const contentTypeHeader = req.headers['content-type'] ?? '';
    const contentType = contentTypeHeader.split(';')[0]?.trim().toLowerCase() ?? '';
    if (route.accepts !== undefined && !route.accepts.includes(contentType))
      throw new HttpError(415, `Content-Type must be one of ${route.accepts.join(', ')}`);
    // The address is used here, in memory, to count the network's reports or logins; it goes no
    // further.
    if (route.access === 'public') this.#reportLimit.take(req.socket.remoteAddress);
    if (route.access === 'login') this.#loginLimit.take(req.socket.remoteAddress);
    const session = route.access === 'moderator' ? this.#context.sessions.of(req) : undefined;
    if (route.access === 'moderator') this.#context.sessions.authorize(req);
    const agent =
      route.access === 'agent'
        ? await agentOfRequest(this.#context.store, req.headers.authorization)
        : undefined;
    const limit =
      route.maxBodyBytes ?? (route.bodyLimit === 'app' ? this.#maxAppBytes : MAX_UPLOAD_BYTES);
    const body = await readBody(
      req,
      limit,
      route.access === undefined || route.access === 'agent' ? this.#budget : this.#reportBudget,
    );
    const responseHeaders: Record<string, string> = {};
    // A job that outlives the request takes the reservation over; else it is given back here.
    const hold = { kept: false };
    const keepBody = (): (() => void) => {
      hold.kept = true;
      return body.release;
    };
    let value: unknown;
    let status = route.status ?? (route.method === 'POST' ? 201 : 200);
    try {
      value = await route.handler(this.#context, {
        ...request,
        body: body.bytes,
        contentType,
        keepBody,
        contentTypeHeader,
        responseHeaders,
        setStatus: (s) => (status = s),
        ...(agent === undefined ? {} : { agent }),
        ...(session === undefined
          ? {}
          : {
              moderator: { name: session.session.name, role: session.session.role },
              sessionToken: session.token,
            }),
      });
    } finally {
      if (!hold.kept) body.release();
    }
    sendJson(req, res, status, value, responseHeaders);
  }
}

/**
 * Why a write is refused: from another origin, or without the token where one is needed. Writes
 * also need a non-simple content type, so browsers preflight them, which this server never grants;
 * public ones (multipart forms, which browsers send cross-site without asking) rest on the origin
 * check, which browsers make possible by sending Origin and Sec-Fetch-Site on every such POST.
 */
function writeRefusalOf(
  req: IncomingMessage,
  route: Route,
  options: ObservatoryOptions,
  origin: string,
): HttpError | undefined {
  if (route.writes !== true) return undefined;
  const from = req.headers.origin;
  const scheme = options.tls === undefined ? 'http' : 'https';
  const own = [origin, `${scheme}://${String(req.headers.host)}`, options.publicOrigin];
  if (from !== undefined && !own.includes(from))
    return new HttpError(403, 'cross-origin writes are refused');
  if (req.headers['sec-fetch-site'] === 'cross-site')
    return new HttpError(403, 'cross-origin writes are refused');
  if (route.access !== undefined) return undefined;
  return writeRefusal(isLoopback(options.host), options.token, req.headers.authorization);
}

async function listen(server: Server, port: number, host: string, tls: boolean): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${tls ? 'https' : 'http'}://${shown}:${address.port}`;
}
