// A device that resets connections now and then must read the same on every scan: probes whose
// connection is reset are tried again (--retries), a bounded number of times.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-retries-'));
const page =
  'HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

/** Which request (1, 2, …) the device resets instead of answering; the rest get `page`. */
let resets: (request: number) => boolean = () => false;
let requests = 0;
let server: Server;
// An address of its own and a port the scanner speaks HTTP on, so no other test is in the way.
const address = '127.86.0.10';
const port = 8080;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    // The sweep's connect sends nothing; only connections that carry a request count.
    s.once('data', () => (resets(++requests) ? s.resetAndDestroy() : s.end(page)));
  });
  await new Promise<void>((r) => server.listen(port, address, r));
});
beforeEach(() => {
  requests = 0;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

interface ScanOut {
  scan: { id?: number };
  hosts: Array<{ address: string; maker?: string; evidence: Array<{ probe: string }> }>;
}

async function scan(...extra: string[]): Promise<ScanOut> {
  const io = captureIo();
  const args = ['net', 'scan', address, '--ports', String(port), '--no-udp'];
  const code = await run([...args, '--fail-on', 'never', '--json', ...extra], io);
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  return JSON.parse(io.out()) as ScanOut;
}

const maker = (out: ScanOut): string | undefined =>
  out.hosts.find((h) => h.address === address)?.maker;

describe('net scan against a device that resets connections', () => {
  it('a reset first connection is tried again: the device is identified', async () => {
    resets = (n) => n === 1;
    expect(maker(await scan('--no-save'))).toBe('hikvision');
    expect(requests).toBe(3); // the page twice (reset, then answered), the favicon once
  });

  it('without retries the same device is not identified (what the retries fix)', async () => {
    resets = (n) => n === 1;
    expect(maker(await scan('--no-save', '--retries', '0'))).toBeUndefined();
    expect(requests).toBe(1);
  });

  it('retries are bounded: a device that resets everything costs 1 + --retries requests', async () => {
    resets = () => true;
    expect(maker(await scan('--no-save', '--retries', '2'))).toBeUndefined();
    expect(requests).toBe(3);
  });

  it('two scans of a device resetting every other connection show no phantom change in net diff', async () => {
    const db = join(dir, 'flaky.db');
    resets = (n) => n % 2 === 1;
    const a = await scan('--db', db);
    const b = await scan('--db', db);
    expect([maker(a), maker(b)]).toEqual(['hikvision', 'hikvision']);
    const io = captureIo();
    expect(
      await run(['net', 'diff', String(a.scan.id), String(b.scan.id), '--json', '--db', db], io),
    ).toBe(0);
    expect(JSON.parse(io.out())).toEqual({
      appeared: [],
      disappeared: [],
      changed: [],
      unchanged: 1,
    });
    // Without retries the same device flips between the two runs.
    requests = 0;
    const c = await scan('--no-save', '--retries', '0');
    const d = await scan('--no-save', '--retries', '0');
    expect(maker(c)).not.toBe(maker(d));
  });
});
