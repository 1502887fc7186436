import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../kb/fs-loader.js';
import { UserError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/index.js';
import { storedAtlas } from '../atlas-context.js';
import type { Command, Flags } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { defaultDbPath } from '../store-context.js';

/** Where `npm run build` puts the web UI. */
export const webDir = join(packageRoot, 'dist', 'web');

export const serve: Command = {
  path: ['serve'],
  summary: 'serve the observatory: the web UI and the JSON API (what `npm start` runs)',
  usage: `Usage: sousveil serve [--host 127.0.0.1] [--port 8080] [--db FILE] [--keep-scans N] [--keep-days D]

Serves the observatory at http://HOST:PORT: the world map, country and vendor pages, the
statistics, network audits and the identify box, over the embedded SQLite database (seeded
from data/ on first start). The API is under /api/v1, described at /api/v1/openapi.json.
Nothing is fetched from any other host.

Retention (at start and after each upload; a scan's hosts go with it):
  --keep-scans N      keep the newest N scans and imports, delete older ones
  --keep-days D       delete scans and imports started more than D days ago

On an address other than loopback, writes (scan uploads) need the token in SOUSVEIL_TOKEN,
sent as "Authorization: Bearer <token>"; without it writes are refused.`,
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    db: { type: 'string' },
    'keep-scans': { type: 'string' },
    'keep-days': { type: 'string' },
  },
  run: async ({ flags, io }) => {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UserError(`--port: "${String(flags.port)}" is not a port number`);
    const host = String(flags.host);
    const retention = retentionFlags(flags);
    const { startObservatory, isLoopback } = await import('../../server/http-server.js');
    const { apiContext } = await import('../../server/context.js');
    const { retentionRule } = await import('../../server/upload-ingest.js');
    const token = process.env.SOUSVEIL_TOKEN;
    if (token !== undefined && token.length < 16)
      throw new UserError('SOUSVEIL_TOKEN is shorter than 16 characters; use a long random token');
    const kb = await kbOrThrow();
    const dbPath = typeof flags.db === 'string' ? flags.db : defaultDbPath;
    // The server shares one event loop: it waits for another process's write lock in short
    // synchronous steps with pauses between, then answers 503 (see store/sqlite/sqlite-lock.ts).
    const store = openSqliteStore(dbPath, { busyTimeoutMs: 50, retries: 6 });
    await storedAtlas(store);
    const rule = retentionRule(retention, new Date().toISOString());
    if (rule !== undefined) {
      const deleted = await store.scans.prune(rule);
      if (deleted > 0) io.stderr.write(`retention: deleted ${deleted} older scan(s)\n`);
    }
    if (!existsSync(join(webDir, 'index.html')))
      io.stderr.write('note: the web UI is not built (npm run build); serving the API only\n');
    const context = await apiContext(kb, store, { dbPath, retention });
    let running;
    try {
      running = await startObservatory({
        context,
        host,
        port,
        ...(token !== undefined ? { token } : {}),
        webDir,
        log: (line) => io.stderr.write(`${line}\n`),
      });
    } catch (e) {
      await context.uploads.close();
      await store.close();
      throw listenError(e, host, port);
    }
    if (!isLoopback(host) && token === undefined)
      io.stderr.write(
        `warning: ${host} is not loopback and SOUSVEIL_TOKEN is not set: uploads are refused\n`,
      );
    io.stderr.write(
      `observatory at ${running.url}/ (API ${running.url}/api/v1/openapi.json); Ctrl-C to stop\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    await context.uploads.close();
    await store.close();
    return 0;
  },
};

/** --keep-scans and --keep-days, each a whole number of at least 1 when given. */
function retentionFlags(flags: Flags): { keepScans?: number; keepDays?: number } {
  const whole = (name: string): number | undefined => {
    const raw = flags[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new UserError(`--${name}: "${String(raw)}" is not a whole number of at least 1`);
    return n;
  };
  const keepScans = whole('keep-scans');
  const keepDays = whole('keep-days');
  return {
    ...(keepScans === undefined ? {} : { keepScans }),
    ...(keepDays === undefined ? {} : { keepDays }),
  };
}

function listenError(e: unknown, host: string, port: number): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new UserError(`${host}:${port} is in use; pick another --port`);
  if (code === 'EADDRNOTAVAIL')
    return new UserError(`--host: ${host} is not an address of this machine`);
  return e;
}
