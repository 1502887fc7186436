import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export type ConnectStatus = 'open' | 'closed' | 'timeout' | 'error';

export interface ExchangeOptions {
  /** Whole exchange, connect included. */
  timeoutMs: number;
  /** Bytes kept at most; the connection is closed once reached. */
  maxBytes: number;
  /** Sent once connected. */
  send?: Uint8Array | string;
  /** Stop reading early once this returns true (e.g. a complete head). */
  done?: (received: Buffer) => boolean;
  tls?: boolean;
}

export interface ExchangeResult {
  status: ConnectStatus;
  data: Buffer;
  /**
   * Nothing came back and the exchange failed fast or never connected (refused, reset, closed,
   * connect timeout): worth another try. A peer that accepts and stays silent is not.
   */
  retryable: boolean;
  /** Peer certificate subject and issuer (TLS only), as `CN=…,O=…`. */
  subject?: string;
  issuer?: string;
}

/**
 * One bounded TCP (or TLS) exchange: connect, optionally send, read until done, the byte cap or the
 * deadline. Never rejects: a hostile or silent peer costs at most `timeoutMs` and `maxBytes`.
 */
export function exchange(host: string, port: number, o: ExchangeOptions): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let connected = false;
    const socket: Socket | TLSSocket = o.tls
      ? tlsConnect({
          host,
          port,
          rejectUnauthorized: false,
          servername: undefined,
        })
      : connect({ host, port });
    const finish = (status: ConnectStatus, timedOut = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const result: ExchangeResult = {
        status,
        data: Buffer.concat(chunks, Math.min(size, o.maxBytes)),
        retryable: size === 0 && !(connected && timedOut),
      };
      if (o.tls && connected) Object.assign(result, certNames(socket as TLSSocket));
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(connected ? 'open' : 'timeout', true), o.timeoutMs);
    socket.once(o.tls ? 'secureConnect' : 'connect', () => {
      connected = true;
      if (o.send !== undefined) socket.write(o.send);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= o.maxBytes || o.done?.(Buffer.concat(chunks)) === true) finish('open');
    });
    socket.once('end', () => finish(connected ? 'open' : 'closed'));
    socket.once('close', () => finish(connected ? 'open' : 'closed'));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      finish(connected ? 'open' : e.code === 'ECONNREFUSED' ? 'closed' : 'error');
    });
  });
}

/**
 * `exchange`, tried again up to `retries` times while nothing came back from a connection that
 * was refused, reset or never made: one dropped connection must not change what a scan reports.
 */
export async function exchangeWithRetries(
  host: string,
  port: number,
  o: ExchangeOptions,
  retries: number,
): Promise<ExchangeResult> {
  let result = await exchange(host, port, o);
  for (let i = 0; i < retries && result.retryable; i++) result = await exchange(host, port, o);
  return result;
}

function certNames(socket: TLSSocket): { subject?: string; issuer?: string } {
  try {
    const cert = socket.getPeerCertificate();
    const fmt = (o: Record<string, string | string[]> | undefined): string | undefined =>
      o === undefined
        ? undefined
        : Object.entries(o)
            .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
            .join(',');
    const subject = fmt(cert.subject as unknown as Record<string, string>);
    const issuer = fmt(cert.issuer as unknown as Record<string, string>);
    return { ...(subject ? { subject } : {}), ...(issuer ? { issuer } : {}) };
  } catch {
    return {};
  }
}

/** Resolves with `fallback` when `p` has not settled within `ms` (the work itself is bounded elsewhere). */
export function withDeadline<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    void p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}
