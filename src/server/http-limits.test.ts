/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- API replies are read as untyped JSON */
// The server's bounds, over real sockets on loopback: uploads (declared, chunked, all together),
// the GET cache in bytes, query strings, JSON nesting, and the error boundary.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAtlas } from '../atlas/atlas-store.js';
import { miniAtlas } from '../atlas/testdata/mini.js';
import { loadKb } from '../kb/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { apiContext } from './context.js';
import { startObservatory, type Observatory } from './http-server.js';
import { call, type CallOptions } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-limits-'));
const cacheBytes = 256 * 1024;
const uploadBudgetBytes = 24 * 1024 * 1024;
let store: Store;
let obs: Observatory;
const logged: string[] = [];
const get = (path: string, options: CallOptions = {}) => call(obs.url, path, options);
const postJson = (body: string) =>
  get('/api/v1/scans', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

beforeAll(async () => {
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'limits.db'));
  await saveAtlas(store, miniAtlas());
  const context = await apiContext(kb, store);
  obs = await startObservatory({
    context,
    host: '127.0.0.1',
    port: 0,
    cacheBytes,
    uploadBudgetBytes,
    log: (line) => logged.push(line),
  });
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a raw connection and sends the head of a request. */
async function rawRequest(head: string) {
  const socket = connect(Number(new URL(obs.url).port), '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  // The server may reset the connection after answering, while bytes are still coming.
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(head);
  return { socket, closed, received: () => received };
}

describe('uploads are bounded in bytes', () => {
  it('a chunked upload over the limit is answered 413, its connection closed, and the server lives on', async () => {
    const { socket, closed, received } = await rawRequest(
      'POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < 17 && received() === '' && !socket.destroyed; i++) {
      const flushed = socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk);
      socket.write('\r\n');
      if (!flushed) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
    }
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(received().toLowerCase()).toContain('connection: close');
    expect(received()).toContain('the upload is over the 16777216-byte');
    expect((await get('/api/v1/countries')).status).toBe(200);
    expect(obs.stats().uploadBytesHeld).toBe(0);
  });

  it('unfinished uploads together stay within the budget: the next one is a 503 with Retry-After', async () => {
    const first = await rawRequest(
      `POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\nContent-Length: ${16 * 1024 * 1024}\r\n\r\n`,
    );
    first.socket.write(Buffer.alloc(1024, 0x20));
    // The first upload's reservation is taken once the server has its head; wait for it.
    while (obs.stats().uploadBytesHeld === 0) await new Promise((r) => setTimeout(r, 5));
    const second = await get('/api/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: Buffer.alloc(9 * 1024 * 1024, 0x20),
    });
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('5');
    expect(second.json().error).toContain('unfinished uploads');
    first.socket.destroy();
    await first.closed;
    while (obs.stats().uploadBytesHeld > 0) await new Promise((r) => setTimeout(r, 5));
  });
});

describe('the GET cache', () => {
  it('stays under its byte bound with 10,000 distinct query strings', async () => {
    for (let i = 0; i < 10_000; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => get(`/api/v1/claims?subject=project%3A${i + j}`)),
      );
      expect(obs.stats().cacheBytes).toBeLessThanOrEqual(cacheBytes);
    }
    expect(obs.stats().cacheEntries).toBeGreaterThan(10);
    expect(obs.stats().cacheEntries).toBeLessThan(10_000);
    // Ten thousand requests: minutes on a loaded two-core machine, not the default 20 s.
  }, 180_000);

  it('refuses unknown query parameters, naming them, and keys known ones in one order', async () => {
    const bust = await get('/api/v1/map/countries?bust=1');
    expect(bust.status).toBe(400);
    expect(bust.json().error).toContain('"bust"');
    expect((await get('/api/v1/claims?limit=1&limit=2')).status).toBe(400);
    await get('/api/v1/claims?subject=world&property=cameras');
    const entries = obs.stats().cacheEntries;
    const swapped = await get('/api/v1/claims?property=cameras&subject=world');
    expect(swapped.status).toBe(200);
    expect(obs.stats().cacheEntries).toBe(entries);
  });
});

describe('bad input is a 400 naming it; the unexpected is a 500 naming only a request id', () => {
  it('a malformed MAC', async () => {
    const r = await get('/api/v1/identify?q=44%3A19%3AB6%3A12%3A34%3AZZ');
    expect(r.status).toBe(400);
    expect(r.json().error).toContain('44:19:B6:12:34:ZZ');
  });

  it('JSON nested too deeply', async () => {
    const r = await postJson(`{"hosts":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`);
    expect(r.status).toBe(400);
    expect(r.json().error).toContain('nested deeper than 64');
  });

  it('an unexpected error', async () => {
    const { kb } = await loadKb();
    const broken = await apiContext(kb, store);
    broken.atlas = () => Promise.reject(new Error('secret detail at /srv/db'));
    const other = await startObservatory({
      context: broken,
      host: '127.0.0.1',
      port: 0,
      log: (line) => logged.push(line),
    });
    try {
      const r = await call(other.url, '/api/v1/countries');
      expect(r.status).toBe(500);
      expect(r.body.toString()).not.toContain('secret');
      const id = String(r.json().requestId);
      expect(logged.find((l) => l.includes(id))).toContain('secret detail');
    } finally {
      await other.close();
    }
  });
});

describe('uploaded sousveil JSON verdicts are judged again', () => {
  it('a forged covered verdict is not shown as covered', async () => {
    const forged = {
      address: '10.0.0.9',
      maker: 'hikvision',
      covered: true,
      confidence: 'confirmed',
      restrictions: [
        { restriction: 'us-ndaa-889-a1a', short: 'NDAA', jurisdiction: 'US', status: 'named' },
      ],
      evidence: [
        { probe: 'http:80', seen: 'nginx', fingerprint: 'fp-x', kind: 'http-server', weight: 1 },
      ],
    };
    const up = await postJson(JSON.stringify({ hosts: [forged] }));
    expect(up.status).toBe(201);
    expect(up.json()).toMatchObject({ hosts: 1, covered: 0, unverified: 1 });
    const [host] = (await get(`/api/v1/scans/${up.json().id}/hosts`)).json();
    expect(host).toMatchObject({ address: '10.0.0.9', covered: false, restrictions: [] });
    expect(host.maker).toBeUndefined();
    expect(host.notes[0]).toContain('imported, unverified');
    expect((await get(`/api/v1/scans/${up.json().id}/hosts?covered=true`)).json()).toEqual([]);
  });
});
