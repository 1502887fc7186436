import { createHash } from 'node:crypto';
import type { Observation } from './observation.js';
import { faviconMmh3 } from './parse/mmh3.js';
import { bodyText, extractTitle, header, parseResponseHead } from './parse/response-head.js';
import { exchangeWithRetries, type ExchangeOptions, type ExchangeResult } from './probe-tcp.js';

export interface ServiceProbeOptions {
  timeoutMs: number;
  /** Bytes kept of any one reply. */
  maxBytes: number;
  /** Further tries of an exchange whose connection was refused, reset or never made. */
  retries: number;
}

export const httpPorts: ReadonlySet<number> = new Set([80, 8080, 8081, 88, 81]);
export const tlsPorts: ReadonlySet<number> = new Set([443, 8443]);
export const rtspPorts: ReadonlySet<number> = new Set([554, 8554]);
/** Binary SDK ports: Hikvision 8000 answers a silent connection; others are only noted open. */
export const sdkPorts: ReadonlySet<number> = new Set([8000]);

const userAgent = 'sousveil-netaudit (read-only)';

/** Runs the read-only probes that fit an open port; each is bounded in time and bytes. */
export async function probeService(
  host: string,
  port: number,
  o: ServiceProbeOptions,
): Promise<Observation[]> {
  if (httpPorts.has(port)) return probeHttp(host, port, false, o);
  if (tlsPorts.has(port)) return probeHttp(host, port, true, o);
  if (rtspPorts.has(port)) return probeRtsp(host, port, o);
  if (sdkPorts.has(port)) return probeSdk(host, port, o);
  return [];
}

function probeExchange(
  host: string,
  port: number,
  o: ExchangeOptions & { retries: number },
): Promise<ExchangeResult> {
  return exchangeWithRetries(host, port, o, o.retries);
}

/** True once a response head and the body its Content-Length announces have arrived. */
export function headComplete(buf: Buffer): boolean {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'))?.[1];
  return length !== undefined && buf.length >= end + 4 + Number(length);
}

async function probeHttp(
  host: string,
  port: number,
  tls: boolean,
  o: ServiceProbeOptions,
): Promise<Observation[]> {
  const request = (path: string): string =>
    `GET ${path} HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: ${userAgent}\r\nAccept: */*\r\n\r\n`;
  const page = await probeExchange(host, port, {
    retries: o.retries,
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBytes,
    send: request('/'),
    done: headComplete,
    tls,
  });
  const out: Observation[] = [];
  if (tls && (page.subject !== undefined || page.issuer !== undefined)) {
    out.push({
      kind: 'tls',
      source: 'tls',
      port,
      ...(page.subject ? { subject: page.subject } : {}),
      ...(page.issuer ? { issuer: page.issuer } : {}),
    });
  }
  let head;
  try {
    head = parseResponseHead(page.data, 'http');
  } catch {
    return out;
  }
  const body = bodyText(head.body);
  const http: Extract<Observation, { kind: 'http' }> = {
    kind: 'http',
    source: tls ? 'https' : 'http',
    port,
    tls,
    status: head.status,
    headerNames: head.headers.map(([n]) => n),
    body: body.slice(0, 16384),
  };
  setIf(http, 'server', header(head, 'server'));
  setIf(http, 'wwwAuthenticate', header(head, 'www-authenticate'));
  setIf(http, 'title', extractTitle(body));
  const icon = await probeExchange(host, port, {
    retries: o.retries,
    timeoutMs: o.timeoutMs,
    maxBytes: 256 * 1024,
    send: request('/favicon.ico'),
    done: headComplete,
    tls,
  });
  try {
    const iconHead = parseResponseHead(icon.data, 'http');
    if (iconHead.status === 200 && iconHead.body.length > 0) {
      http.faviconMd5 = createHash('md5').update(iconHead.body).digest('hex');
      http.faviconMmh3 = String(faviconMmh3(Buffer.from(iconHead.body).toString('base64')));
    }
  } catch {
    // No favicon is no evidence.
  }
  out.push(http);
  return out;
}

async function probeRtsp(
  host: string,
  port: number,
  o: ServiceProbeOptions,
): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const method of ['OPTIONS', 'DESCRIBE']) {
    const send = `${method} rtsp://${host}:${port}/ RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: ${userAgent}\r\n${method === 'DESCRIBE' ? 'Accept: application/sdp\r\n' : ''}\r\n`;
    const r = await probeExchange(host, port, {
      retries: o.retries,
      timeoutMs: o.timeoutMs,
      maxBytes: 16384,
      send,
      done: (b) => b.includes('\r\n\r\n'),
    });
    try {
      const head = parseResponseHead(r.data, 'rtsp');
      const rtsp: Extract<Observation, { kind: 'rtsp' }> = {
        kind: 'rtsp',
        source: 'rtsp',
        port,
        status: head.status,
      };
      setIf(rtsp, 'server', header(head, 'server'));
      setIf(rtsp, 'wwwAuthenticate', header(head, 'www-authenticate'));
      out.push(rtsp);
    } catch {
      return out;
    }
  }
  return out;
}

async function probeSdk(
  host: string,
  port: number,
  o: ServiceProbeOptions,
): Promise<Observation[]> {
  // Send nothing: the Hikvision SDK port speaks first with a fixed 16-byte reply.
  const r = await probeExchange(host, port, {
    retries: o.retries,
    timeoutMs: Math.min(o.timeoutMs, 1500),
    maxBytes: 64,
    done: (b) => b.length >= 16,
  });
  return r.data.length > 0
    ? [{ kind: 'sdk', source: 'sdk', port, replyHex: r.data.subarray(0, 32).toString('hex') }]
    : [];
}

function setIf<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) o[key] = value;
}
