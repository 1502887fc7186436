// For tests: a self-signed certificate for 127.0.0.1 made by openssl, as PEM files.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Makes `<name>.crt` and `<name>.key` in `dir`: a P-256 certificate for IP 127.0.0.1, two days. */
export function selfSigned(dir: string, name: string): { cert: string; key: string } {
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
