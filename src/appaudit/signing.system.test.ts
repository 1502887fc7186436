import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPkcs7Certificate } from './signing.js';
import { buildPkcs7 } from './test-builders.js';

// Needs openssl (installed by .ci/run for `npm run test:system`).
describe('signing certificate made by openssl', () => {
  it('reads a certificate that openssl made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sousveil-cert-'));
    const pem = join(dir, 'c.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        pem,
        '-days',
        '30',
        '-utf8',
        '-subj',
        '/CN=Ünïcode Test/O=Example Org/C=DE',
      ],
      { stdio: 'ignore' },
    );
    const body = readFileSync(pem, 'latin1')
      .replace(/-----[^-]+-----/g, '')
      .replace(/\s+/g, '');
    const found = readPkcs7Certificate(buildPkcs7(Uint8Array.from(Buffer.from(body, 'base64'))));
    expect(found.subject).toBe('C=DE, O=Example Org, CN=Ünïcode Test');
    expect(found.issuer).toBe(found.subject);
  });
});
