import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { identifyHost } from './fuse.js';
import { runScan } from './net-scan.js';
import { parseTarget } from './targets.js';

// Real sockets on 127.88.0.0/29: one Hikvision-like device among hostile ones. High ports, so the
// test needs no root. Each hostile server must cost the scan bounded time and memory.
const servers: Server[] = [];
const sockets = new Set<Socket>();
const timers = new Set<NodeJS.Timeout>();

function serve(address: string, port: number, onConnection: (s: Socket) => void): Promise<void> {
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConnection(s);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(port, address, resolve));
}

function forever(s: Socket, chunk: () => string | Buffer, everyMs: number): void {
  const t = setInterval(() => {
    if (s.destroyed) clearInterval(t);
    else s.write(chunk());
  }, everyMs);
  timers.add(t);
}

beforeAll(async () => {
  const reply = (text: string) => (s: Socket) => s.once('data', () => s.end(text));
  await serve(
    '127.88.0.2',
    8080,
    reply('HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Length: 2\r\n\r\nok'),
  );
  await serve(
    '127.88.0.2',
    8554,
    reply(
      'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="Hikvision"\r\n\r\n',
    ),
  );
  await serve('127.88.0.2', 8000, (s) =>
    s.write(Buffer.from('000000100000001e0000001e00000000', 'hex')),
  );
  await serve('127.88.0.3', 8080, () => undefined); // silent after connect
  await serve('127.88.0.4', 8080, (s) => {
    s.write('HTTP/1.1 200 OK\r\n');
    forever(s, () => 'X-Endless: yes\r\n'.repeat(100), 5); // endless headers
  });
  await serve('127.88.0.5', 8080, (s) => forever(s, () => Buffer.alloc(65536, 0xa5), 5)); // garbage
  await serve('127.88.0.6', 8554, (s) => {
    s.write('RTSP/1.0 200 OK\r\nServer: ');
    forever(s, () => 'A'.repeat(65536), 5); // one huge header line
  });
  await serve('127.88.0.7', 8000, (s) => forever(s, () => 'x', 1000)); // trickle
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('runScan on loopback with hostile devices', () => {
  it('reports the real device and every other host, within bounded time', async () => {
    const { kb } = await loadKb();
    const started = Date.now();
    const observed = await runScan({
      targets: [parseTarget('127.88.0.0/29')],
      ports: [8080, 8554, 8000],
      concurrency: 8,
      rate: 10_000,
      connectTimeoutMs: 500,
      probeTimeoutMs: 600,
      hostTimeoutMs: 3000,
      maxBytes: 64 * 1024,
      udp: true,
      multicast: false,
      udpWindowMs: 200,
      authorized: false,
    });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(observed.map((h) => h.address).sort()).toEqual([
      '127.88.0.2',
      '127.88.0.3',
      '127.88.0.4',
      '127.88.0.5',
      '127.88.0.6',
      '127.88.0.7',
    ]);
    const verdicts = observed.map((h) => identifyHost(kb, h, '2026-11-28'));
    const hik = verdicts.find((v) => v.address === '127.88.0.2');
    expect(hik).toMatchObject({ maker: 'hikvision', confidence: 'confirmed', covered: true });
    for (const v of verdicts.filter((x) => x.address !== '127.88.0.2'))
      expect(v.covered).toBe(false);
    const bodies = observed.flatMap((h) => h.observations).filter((o) => o.kind === 'http');
    for (const b of bodies) expect((b.body ?? '').length).toBeLessThanOrEqual(64 * 1024);
  });
});
