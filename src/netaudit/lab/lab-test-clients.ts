// Small bounded clients for the lab tests: one TCP exchange, one UDP exchange, loopback only.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { DeviceContext } from './types.js';
import { labCredential } from './wire-auth.js';

/** A fixed device context, for building a device's replies outside a running lab. */
export function fixedContext(address: string, mac: string, serial: string): DeviceContext {
  return {
    address,
    mac,
    serial,
    uuid: '00000000-0000-0000-0000-000000000001',
    ports: {},
    now: new Date('2026-01-01T00:00:00Z'),
    rng: () => 0.5,
    credential: labCredential,
  };
}

export interface TcpResult {
  data: Buffer;
  /** The peer closed (FIN) or reset before the deadline. */
  ended: boolean;
  error?: string;
}

/** Connects, optionally sends, and reads until `maxBytes`, the peer closes, or `timeoutMs`. */
export function tcpExchange(
  host: string,
  port: number,
  o: {
    send?: string | Uint8Array;
    timeoutMs: number;
    maxBytes?: number;
    /** Stop reading once this holds for the bytes so far. */
    until?: (data: Buffer) => boolean;
  },
): Promise<TcpResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    let error: string | undefined;
    const socket = connect({ host, port });
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), ended, ...(error === undefined ? {} : { error }) });
    };
    const timer = setTimeout(done, o.timeoutMs);
    socket.on('connect', () => {
      if (o.send !== undefined) socket.write(o.send);
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size >= (o.maxBytes ?? Infinity) || o.until?.(Buffer.concat(chunks)) === true) done();
    });
    socket.on('end', () => {
      ended = true;
      done();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      ended = true;
      error = e.code ?? e.message;
      done();
    });
  });
}

/** Sends one datagram from 127.0.0.1 and returns the first reply, or undefined after `timeoutMs`. */
export function udpExchange(
  host: string,
  port: number,
  payload: string | Uint8Array,
  timeoutMs = 500,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (reply: Buffer | undefined): void => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('error', () => done(undefined));
    socket.on('message', (m) => done(m));
    socket.bind(0, '127.0.0.1', () => socket.send(payload, port, host));
  });
}

/** Splits a raw HTTP/RTSP reply into its head lines and body. */
export function splitReply(data: Buffer): { lines: string[]; body: Buffer } {
  const end = data.indexOf('\r\n\r\n');
  const head = data.subarray(0, end < 0 ? data.length : end).toString('latin1');
  return { lines: head.split('\r\n'), body: end < 0 ? Buffer.alloc(0) : data.subarray(end + 4) };
}

/** The percent-encoded scope URIs of a WS-Discovery ProbeMatch (all of them, however long). */
export function scopesOf(reply: Buffer | undefined): string[] {
  const text = /<(?:\w+:)?Scopes[^>]*>([^<]*)</.exec(reply?.toString() ?? '')?.[1] ?? '';
  return text.split(/\s+/).filter((s) => s !== '');
}
