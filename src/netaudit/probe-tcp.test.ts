import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exchangeWithRetries } from './probe-tcp.js';

let server: Server | undefined;
const sockets = new Set<Socket>();

/** A server on 127.0.0.1 that hands each connection (numbered from 1) to `onConnection`. */
async function listen(onConnection: (s: Socket, n: number) => void): Promise<number> {
  let n = 0;
  server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    onConnection(s, ++n);
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise((r) => server?.close(r));
});

const options = { timeoutMs: 300, maxBytes: 1024, send: 'hello\r\n' };

describe('exchangeWithRetries', () => {
  it('tries again after a reset and keeps the answer', async () => {
    let connections = 0;
    const port = await listen((s, n) => {
      connections = n;
      s.once('data', () => (n === 1 ? s.resetAndDestroy() : s.end('answer')));
    });
    const r = await exchangeWithRetries('127.0.0.1', port, options, 2);
    expect(r.data.toString()).toBe('answer');
    expect(connections).toBe(2);
  });

  it('stops after `retries` more tries', async () => {
    let connections = 0;
    const port = await listen((s, n) => {
      connections = n;
      s.once('data', () => s.resetAndDestroy());
    });
    const r = await exchangeWithRetries('127.0.0.1', port, options, 2);
    expect(r).toMatchObject({ retryable: true });
    expect(r.data.length).toBe(0);
    expect(connections).toBe(3);
  });

  it('does not try a peer again that accepts and stays silent (that is how it behaves)', async () => {
    let connections = 0;
    const port = await listen((_s, n) => (connections = n));
    const r = await exchangeWithRetries('127.0.0.1', port, options, 2);
    expect(r).toMatchObject({ status: 'open', retryable: false });
    expect(connections).toBe(1);
  });
});
