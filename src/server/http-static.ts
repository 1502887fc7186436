// The built web UI's files, read once and kept (gzip and ETag computed once); the set of files
// is fixed by the build, so this cache is bounded by it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { HttpError } from '../shared/errors.js';
import { buildCached, type Cached } from './http-cache.js';
import { CONTENT_TYPES } from './http-headers.js';
import { sendCached } from './http-send.js';

/** A server of `webDir`'s files; paths without an extension get index.html (the UI's router). */
export function staticFiles(
  webDir: string | undefined,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const files = new Map<string, Cached>();
  return async (req, res, url) => {
    if (webDir === undefined || !existsSync(join(webDir, 'index.html')))
      throw new HttpError(
        404,
        'the web UI is not built: run `npm run build` (the API is at /api/v1/openapi.json)',
      );
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || !extname(rel)) rel = '/index.html';
    const file = normalize(join(webDir, rel));
    if (!file.startsWith(normalize(webDir) + sep)) throw new HttpError(400, 'bad path');
    let c = files.get(file);
    if (c === undefined) {
      if (!existsSync(file) || !statSync(file).isFile())
        throw new HttpError(404, `${url.pathname} not found`);
      const immutable = rel.startsWith('/assets/');
      c = await buildCached(
        200,
        CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        readFileSync(file),
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      files.set(file, c);
    }
    sendCached(req, res, c);
  };
}
