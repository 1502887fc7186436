// For tests: a stand-in for the server's agent routes on a throwaway loopback port, answering as
// the contract says (src/contract/sites.ts). Each upload id is saved once; a scripted answer
// (401, 422, 503, a connection dropped after saving) can be queued for the next uploads.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInAnswer = 'ok' | '401' | '422' | '503' | 'drop-after-save';

export interface StandIn {
  server: Server;
  /** Upload id -> body, in the order first saved. */
  saved: Map<string, string>;
  /** Every upload request, answered or not. */
  seen: { uploadId: string; every: string | null; auth: string | undefined }[];
  /** Answers for the next uploads, first to last; `ok` once they run out. */
  next: StandInAnswer[];
  /** The code `POST /agent/enroll` accepts (once). */
  code: string;
  url: () => string;
  listen: (port?: number) => Promise<number>;
  close: () => Promise<void>;
}

/** A stand-in server for site "north" (127.41.0.0/16), token `tok-1`. */
export function agentStandIn(): StandIn {
  const s: StandIn = {
    saved: new Map(),
    seen: [],
    next: [],
    code: 'one-time-code',
    server: createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const body = Buffer.concat(chunks).toString();
        if (url.pathname === '/api/v1/agent/enroll') enroll(s, body, res);
        else if (url.pathname === '/api/v1/agent/results')
          upload(s, url, body, req.headers.authorization, res);
        else send(res, 404, { error: 'not found' });
      });
    }),
    url: () => `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`,
    listen: async (port = 0) => {
      await new Promise<void>((r) => s.server.listen(port, '127.0.0.1', r));
      return (s.server.address() as AddressInfo).port;
    },
    close: () => new Promise((r) => s.server.close(() => r())),
  };
  return s;
}

function enroll(s: StandIn, body: string, res: ServerResponse): void {
  const req = JSON.parse(body) as { code?: string; name?: string };
  if (req.code !== s.code) return send(res, 401, { error: 'unknown or used enrollment code' });
  s.code = `used-${s.code}`;
  send(res, 200, { agentId: 3, site: 'north', ranges: ['127.41.0.0/16'], token: 'tok-1' });
}

function upload(
  s: StandIn,
  url: URL,
  body: string,
  auth: string | undefined,
  res: ServerResponse,
): void {
  const uploadId = url.searchParams.get('uploadId') ?? '';
  s.seen.push({ uploadId, every: url.searchParams.get('every'), auth });
  const answer = s.next.shift() ?? 'ok';
  if (answer === '401' || auth !== 'Bearer tok-1')
    return send(res, 401, { error: 'unknown or revoked agent token' });
  if (answer === '422')
    return send(res, 422, { error: 'host 10.9.9.9 is outside the site ranges' });
  if (answer === '503') return send(res, 503, { error: 'busy' }, { 'retry-after': '0' });
  const duplicate = s.saved.has(uploadId);
  if (!duplicate) s.saved.set(uploadId, body);
  if (answer === 'drop-after-save') return void res.socket?.destroy();
  const id = [...s.saved.keys()].indexOf(uploadId) + 1;
  const result = { id, format: 'sousveil-json', hosts: 0, covered: 0, unverified: 0 };
  send(res, 200, { ...result, site: 'north', uploadId, ...(duplicate ? { duplicate } : {}) });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
