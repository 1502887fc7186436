// `serve --tls-cert/--tls-key`: a self-signed certificate made by openssl in the test, the pair
// checked before anything listens (one line for a missing, unreadable or mismatched pair), and
// an agent's enrollment and push over HTTPS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { apiContext } from '../server/context.js';
import { startObservatory } from '../server/http-server.js';
import { secretHash } from '../sites/index-node.js';
import { openSqliteStore } from '../store/index.js';
import { loadTls } from './serve-listen.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A self-signed certificate for 127.0.0.1 and its key, as files. */
function selfSigned(name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** One HTTPS request trusting only `ca`. */
function httpsCall(
  url: string,
  ca: Buffer,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('serve over HTTPS', () => {
  const a = selfSigned('a');
  const b = selfSigned('b');

  it.each([
    [a.cert, undefined, '--tls-cert and --tls-key go together'],
    [a.cert, join(dir, 'missing.key'), 'missing.key'],
    [a.key, a.key, 'not a PEM certificate'],
    [a.cert, a.cert, 'not a PEM private key'],
    [a.cert, b.key, 'not the private key of --tls-cert'],
  ])('refuses cert %s with key %s in one line', (cert, key, why) => {
    expect(() => loadTls(cert, key)).toThrow(why);
  });

  it('answers over HTTPS; an agent enrolls and pushes through it', async () => {
    const tls = loadTls(a.cert, a.key);
    if (tls === undefined) throw new Error('no TLS');
    const { kb } = await loadKb();
    const store = openSqliteStore(join(dir, 'tls.db'));
    const site = await store.sites.add({ name: 'lab', ranges: ['127.0.0.0/8'], createdAt: 'now' });
    await store.sites.addCode(site?.id ?? 0, secretHash('CODE', 'code'), '2099-01-01T00:00:00Z');
    const obs = await startObservatory({
      context: await apiContext(kb, store),
      host: '127.0.0.1',
      port: 0,
      tls,
    });
    try {
      expect(obs.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const json = { 'content-type': 'application/json' };
      const enrolled = await httpsCall(`${obs.url}/api/v1/agent/enroll`, tls.cert, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ code: 'CODE', name: 'agent' }),
      });
      expect(enrolled.status).toBe(201);
      const { token } = JSON.parse(enrolled.body) as { token: string };
      const pushed = await httpsCall(
        `${obs.url}/api/v1/agent/results?uploadId=tls-push-1`,
        tls.cert,
        {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${token}` },
          body: JSON.stringify({ hosts: [{ address: '127.0.0.9', covered: false }] }),
        },
      );
      expect(pushed.status).toBe(201);
      const sites = await httpsCall(`${obs.url}/api/v1/sites`, tls.cert);
      expect(JSON.parse(sites.body)).toMatchObject([{ name: 'lab', lastReport: { hosts: 1 } }]);
    } finally {
      await obs.close();
      await store.close();
    }
  });
});
