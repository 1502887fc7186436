import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../kb/fs-loader.js';
import { UserError } from '../../shared/errors.js';
import { storedAtlas } from '../atlas-context.js';
import type { Command } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { openStore } from '../store-context.js';

/** Where `npm run build` puts the web UI. */
export const webDir = join(packageRoot, 'dist', 'web');

export const serve: Command = {
  path: ['serve'],
  summary: 'serve the observatory: the web UI and the JSON API (what `npm start` runs)',
  usage: `Usage: sousveil serve [--host 127.0.0.1] [--port 8080] [--db FILE]

Serves the observatory at http://HOST:PORT: the world map, country and vendor pages, the
statistics, network audits and the identify box, over the embedded SQLite database (seeded
from data/ on first start). The API is under /api/v1, described at /api/v1/openapi.json.
Nothing is fetched from any other host.

On an address other than loopback, writes (scan uploads) need the token in SOUSVEIL_TOKEN,
sent as "Authorization: Bearer <token>"; without it writes are refused.`,
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    db: { type: 'string' },
  },
  run: async ({ flags, io }) => {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UserError(`--port: "${String(flags.port)}" is not a port number`);
    const host = String(flags.host);
    const { startObservatory, isLoopback } = await import('../../server/http-server.js');
    const { apiContext } = await import('../../server/context.js');
    const token = process.env.SOUSVEIL_TOKEN;
    if (token !== undefined && token.length < 16)
      throw new UserError('SOUSVEIL_TOKEN is shorter than 16 characters; use a long random token');
    const kb = await kbOrThrow();
    const store = openStore(flags.db);
    await storedAtlas(store);
    if (!existsSync(join(webDir, 'index.html')))
      io.stderr.write('note: the web UI is not built (npm run build); serving the API only\n');
    let running;
    try {
      running = await startObservatory({
        context: await apiContext(kb, store),
        host,
        port,
        ...(token !== undefined ? { token } : {}),
        webDir,
        log: (line) => io.stderr.write(`${line}\n`),
      });
    } catch (e) {
      await store.close();
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new UserError(`${host}:${port} is in use; pick another --port`);
      if (code === 'EADDRNOTAVAIL')
        throw new UserError(`--host: ${host} is not an address of this machine`);
      throw e;
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
    await store.close();
    return 0;
  },
};
