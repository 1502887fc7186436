// TCP side of an emulated device: one handler per service kind, each safe against hostile clients
// (errors swallowed, input bounded, output paced with backpressure, every socket and timer tracked).
import { createServer, type Server, type Socket } from 'node:net';
import type { DeviceContext, TcpService, WireReply } from './types.js';
import { parseRequestHead } from './wire-http.js';

/** Sockets and timers of a whole lab, so close() can end them all. */
export interface LabTracker {
  sockets: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
  /** Lab-wide cap on open connections; new ones beyond it are dropped at once. */
  maxConnections: number;
}

/** Largest request head (and body) a device reads before answering 400 and closing. */
const maxRequestBytes = 64 * 1024;
/** Queued output above which streaming devices skip a tick (backpressure). */
const maxQueuedBytes = 256 * 1024;
/** Request-reply services close connections idle this long, as real firmware does. */
const idleMs = 30_000;
/** Every connection ends after this long, so abandoned hostile streams cannot pile up. */
const lifetimeMs = 10 * 60_000;

function badRequest(protocol: 'http' | 'rtsp'): string {
  return protocol === 'rtsp'
    ? 'RTSP/1.0 400 Bad Request\r\nCSeq: 0\r\n\r\n'
    : 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
}

function track(socket: Socket, tracker: LabTracker): boolean {
  socket.on('error', () => undefined);
  if (tracker.sockets.size >= tracker.maxConnections) {
    socket.destroy();
    return false;
  }
  tracker.sockets.add(socket);
  const lifetime = setTimeout(() => socket.destroy(), lifetimeMs);
  tracker.timers.add(lifetime);
  socket.on('close', () => {
    tracker.sockets.delete(socket);
    clearTimeout(lifetime);
    tracker.timers.delete(lifetime);
  });
  return true;
}

/** Ends gracefully while still draining input, so unread bytes cannot turn the close into a RST. */
function finish(socket: Socket): void {
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
}

function serveRequests(
  socket: Socket,
  service: Extract<TcpService, { kind: 'request' }>,
  context: () => DeviceContext,
): void {
  let buffered = Buffer.alloc(0);
  let done = false;
  socket.setTimeout(idleMs, () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      while (buffered[0] === 0x0d || buffered[0] === 0x0a) buffered = buffered.subarray(1);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) break;
      const req = parseRequestHead(buffered.subarray(0, end).toString('latin1'));
      const bodyLength = Math.min(
        Number(req?.headers.get('content-length') ?? 0) || 0,
        maxRequestBytes,
      );
      if (req !== undefined && buffered.length < end + 4 + bodyLength) return;
      const body = buffered.subarray(end + 4, end + 4 + bodyLength).toString('latin1');
      buffered = buffered.subarray(end + 4 + bodyLength);
      let reply: WireReply | undefined;
      try {
        reply =
          req === undefined
            ? undefined
            : service.respond(body === '' ? req : { ...req, body }, context());
      } catch {
        reply = undefined;
      }
      if (reply === undefined) {
        socket.write(badRequest(service.protocol));
        done = true;
        finish(socket);
        return;
      }
      socket.write(reply.bytes);
      if (reply.close) {
        done = true;
        finish(socket);
        return;
      }
    }
    if (buffered.length > maxRequestBytes) {
      socket.write(badRequest(service.protocol));
      done = true;
      finish(socket);
    }
  });
}

function serveStream(
  socket: Socket,
  service: Extract<TcpService, { kind: 'stream' }>,
  context: () => DeviceContext,
  tracker: LabTracker,
): void {
  const start = (): void => {
    const d = context();
    const s = service.stream(d);
    if (s.prefix !== undefined) socket.write(s.prefix);
    let index = 0;
    const pump = (): void => {
      if (socket.destroyed || !socket.writable) return stop();
      if (socket.writableLength > maxQueuedBytes) return;
      const chunk = s.next(index++, d.rng);
      if (chunk === null) {
        stop();
        finish(socket);
        return;
      }
      socket.write(chunk);
    };
    const timer = setInterval(pump, s.intervalMs);
    tracker.timers.add(timer);
    const stop = (): void => {
      clearInterval(timer);
      tracker.timers.delete(timer);
    };
    socket.on('close', stop);
    pump();
  };
  if (service.afterRequest) socket.once('data', start);
  else start();
}

/** Handles one accepted connection according to the service kind. */
function handle(
  socket: Socket,
  service: TcpService,
  context: () => DeviceContext,
  tracker: LabTracker,
): void {
  if (!track(socket, tracker)) return;
  switch (service.kind) {
    case 'request':
      serveRequests(socket, service, context);
      return;
    case 'banner': {
      socket.on('data', () => undefined);
      const timer = setTimeout(() => {
        tracker.timers.delete(timer);
        if (!socket.destroyed) socket.write(service.bytes);
      }, service.delayMs);
      tracker.timers.add(timer);
      socket.setTimeout(idleMs, () => socket.destroy());
      return;
    }
    case 'silent':
      socket.on('data', () => undefined);
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'stream':
      socket.on('data', () => undefined);
      serveStream(socket, service, context, tracker);
      return;
  }
}

/** A TCP server for one device port; it never throws on a client's behalf. */
export function createDeviceServer(
  service: TcpService,
  context: () => DeviceContext,
  tracker: LabTracker,
): Server {
  const server = createServer({ allowHalfOpen: false }, (socket) => {
    try {
      handle(socket, service, context, tracker);
    } catch {
      socket.destroy();
    }
  });
  server.on('error', () => undefined);
  server.maxConnections = 256;
  return server;
}
