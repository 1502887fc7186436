// How `sousveil serve` listens: the address checked before anything opens, HTTPS when given a
// certificate and its key (checked to be a pair, one line when not), and errors of listening as
// one clear line each.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError, UserError } from '../shared/errors.js';
import type { CliIo } from './command.js';
import { packageRoot } from '../kb/fs-loader.js';
import { systemError } from './fs-io.js';
import { workerField } from './serve-workers.js';

/** Where `npm run build` puts the web UI. */
export const webDir = join(packageRoot, 'dist', 'web');

type ApiContext = Awaited<ReturnType<typeof import('../server/context.js').apiContext>>;

/** A certificate chain and its private key, PEM. */
export interface Tls {
  cert: Buffer;
  key: Buffer;
}

/** Reads --tls-cert and --tls-key: both or neither, readable, PEM, and a matching pair. */
export function loadTls(
  certFile: string | undefined,
  keyFile: string | undefined,
): Tls | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined)
    throw new UserError('--tls-cert and --tls-key go together: give both, or neither');
  const read = (file: string, flag: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw systemError(e, `${flag} ${file}`) ?? new UserError(`${flag} ${file}: cannot read it`);
    }
  };
  const tls = { cert: read(certFile, '--tls-cert'), key: read(keyFile, '--tls-key') };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(tls.cert);
  } catch {
    throw new UserError(`--tls-cert ${certFile}: not a PEM certificate`);
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(tls.key);
  } catch {
    throw new UserError(`--tls-key ${keyFile}: not a PEM private key (unencrypted)`);
  }
  if (!cert.checkPrivateKey(key))
    throw new UserError(`--tls-key ${keyFile}: not the private key of --tls-cert ${certFile}`);
  return tls;
}

/** Starts listening and says where; a port in use or not permitted is one clear line. */
export async function listen(
  io: CliIo,
  o: {
    context: ApiContext;
    host: string;
    port: number;
    token: string | undefined;
    maxAppUploadBytes: number;
    reportsPerDay: number;
    publicOrigin: string | undefined;
    tls: Tls | undefined;
  },
): Promise<{ url: string; close: () => Promise<void> }> {
  const { startObservatory, isLoopback } = await import('../server/http-server.js');
  if (!existsSync(join(webDir, 'index.html')))
    io.stderr.write('note: the web UI is not built (npm run build); serving the API only\n');
  const running = await startObservatory({
    context: o.context,
    host: o.host,
    port: o.port,
    ...(o.token !== undefined ? { token: o.token } : {}),
    maxAppUploadBytes: o.maxAppUploadBytes,
    webDir,
    reportsPerDay: o.reportsPerDay,
    ...(o.publicOrigin === undefined ? {} : { publicOrigin: o.publicOrigin }),
    ...(o.tls === undefined ? {} : { tls: o.tls }),
    ...workerField(),
    log: (line) => io.stderr.write(`${line}\n`),
  }).catch((e: unknown) => {
    throw listenError(e, o.host, o.port);
  });
  if (!isLoopback(o.host) && o.token === undefined)
    io.stderr.write(
      `warning: ${o.host} is not loopback and SOUSVEIL_TOKEN is not set: uploads are refused\n`,
    );
  io.stderr.write(
    `observatory at ${running.url}/ (API ${running.url}/api/v1/openapi.json); Ctrl-C to stop\n`,
  );
  return running;
}

/** Checks, before anything is opened, that --host names something to listen on. */
export async function resolveHost(host: string): Promise<void> {
  try {
    await lookup(host);
  } catch (e) {
    throw (
      systemError(e, `--host ${host}`) ??
      new EnvironmentError(`--host ${host}: cannot resolve it`, { cause: e })
    );
  }
}

function listenError(e: unknown, host: string, port: number): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new EnvironmentError(`--port ${port}: ${host}:${port} is in use`, {
      cause: e,
      hint: 'another program (or another sousveil serve) listens there; pick another --port',
    });
  if (code === 'EADDRNOTAVAIL')
    return new UserError(`--host ${host}: not an address of this machine`, { cause: e });
  if (code === 'EACCES')
    return new EnvironmentError(`--port ${port}: permission denied`, {
      cause: e,
      hint: 'ports below 1024 need root; use a port such as 8080',
    });
  return systemError(e, `--host ${host} --port ${port}`) ?? e;
}
