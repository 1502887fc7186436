import { openBasemap, type Basemap } from '../../fieldmap/fs-basemap.js';
import { loadOrCreateEvidenceKey } from '../../reports/fs-evidence-key.js';
import { UserError } from '../../shared/errors.js';
import { openStoreAt, type Store } from '../../store/index.js';
import { seedShippedAtlas } from '../atlas-context.js';
import { dbOption, defineCommand, type CliIo } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { version } from '../main.js';
import { stopSignal } from '../stop-signal.js';
import {
  checkWorkers,
  isServeWorker,
  leaveCluster,
  runPrimary,
  shareSessions,
  workerIo,
} from '../serve-workers.js';
import { listen, loadTls, resolveHost } from '../serve-listen.js';
import { processShare, type ProcessShare } from '../serve-share.js';
import { dbLocation, postgisNotUsed } from '../store-context.js';

export { webDir } from '../serve-listen.js';

export const serve = defineCommand({
  path: ['serve'],
  summary: 'serve the observatory: the web UI and the JSON API (what `npm start` runs)',
  description: `Serves the observatory at http://HOST:PORT: the world map, country and vendor pages, the
statistics, network audits, app audits with their SDK pages and the identify box, over the embedded SQLite database
or a PostgreSQL one (--db postgres://…; seeded from data/ on first start). The API is under /api/v1, described at /api/v1/openapi.json.
Nothing is fetched from any other host.

Retention (at start and after each upload; a scan's hosts go with it): --keep-scans keeps the
newest N scans and imports, --keep-days deletes those started more than D days ago.

Uploaded apps are audited in a worker thread, one at a time, and saved like \`app scan\`;
--max-app-mib bounds their size.

With --basemap, the street map draws that PMTiles file (MVT with a plain offline style and no
labels, or PNG/JPEG/WebP tiles) under the cameras; the browser reads it from this server with
range requests at /basemap.pmtiles. Without it the map shows country shapes and cameras only.

With --workers N (PostgreSQL only), N processes answer on the same port, handed connections in
turn; a worker that dies is restarted (at most 5 times a minute) and Ctrl-C or SIGTERM stops them
all. Moderator sessions are passed between workers; app and firmware job status and the report
limit stay per worker: see docs/DEPLOY.md for routing audits to one process.

With --tls-cert and --tls-key it serves HTTPS itself (scan agents push over it), e.g. where no
reverse proxy ends TLS; with --workers N every worker serves it.

On an address other than loopback, writes (scan and app uploads) need the token in SOUSVEIL_TOKEN,
sent as "Authorization: Bearer <token>"; without it writes are refused.`,
  options: {
    host: {
      type: 'string',
      value: 'HOST',
      default: '127.0.0.1',
      description: 'the address to listen on',
    },
    port: {
      type: 'integer',
      value: 'PORT',
      min: 0,
      max: 65535,
      default: 8080,
      description: 'the port (0: any free one)',
    },
    ...dbOption,
    'keep-scans': {
      type: 'integer',
      value: 'N',
      min: 1,
      description: 'keep the newest N scans and imports',
    },
    'keep-days': {
      type: 'integer',
      value: 'D',
      min: 1,
      description: 'delete scans and imports older than D days',
    },
    'max-app-mib': {
      type: 'integer',
      value: 'MIB',
      min: 1,
      max: 2047,
      default: 200,
      description:
        'largest app (APK, XAPK, AAB) the Apps page and POST /api/v1/apps accept, in MiB',
    },
    basemap: {
      type: 'string',
      value: 'FILE.pmtiles',
      description:
        'a local PMTiles v3 file (vector or raster) the street map draws under the cameras',
    },
    'evidence-key': {
      type: 'string',
      value: 'FILE',
      description:
        'the Ed25519 key (PEM, mode 0600; made on first use) that signs evidence packs; default beside an SQLite file, required for them over PostgreSQL',
    },
    'reports-per-day': {
      type: 'integer',
      value: 'N',
      min: 1,
      default: 50,
      description: 'citizen reports one network (/24, /48) may send per UTC day',
    },
    'public-url': {
      type: 'string',
      value: 'URL',
      description:
        'the https://… address a reverse proxy serves this at (its Host is answered, its pages may write)',
    },
    workers: {
      type: 'integer',
      value: 'N',
      min: 1,
      default: 1,
      description:
        'server processes sharing the port (PostgreSQL only beyond 1; at most twice the CPUs)',
    },
    'tls-cert': {
      type: 'string',
      value: 'FILE',
      description: 'serve HTTPS with this PEM certificate (chain); needs --tls-key',
    },
    'tls-key': {
      type: 'string',
      value: 'FILE',
      description: 'the PEM private key of --tls-cert (unencrypted)',
    },
    'exit-with-parent': {
      type: 'boolean',
      description: 'stop when the process that started serve exits (npm start uses it)',
    },
  },
  run: async ({ flags, io: given }) => {
    const { host, port } = flags;
    const db = dbLocation(flags.db);
    checkWorkers(flags.workers, db);
    const publicOrigin = originOf(flags['public-url']);
    const tls = loadTls(flags['tls-cert'], flags['tls-key']);
    const worker = isServeWorker();
    if (!worker) await resolveHost(host);
    const token = process.env.SOUSVEIL_TOKEN;
    if (token !== undefined && token.length < 16)
      throw new UserError('SOUSVEIL_TOKEN: shorter than 16 characters', {
        hint: 'use a long random token',
      });
    if (flags.workers > 1 && !worker)
      return runPrimary(given, { workers: flags.workers, withParent: flags['exit-with-parent'] });
    const io = worker ? workerIo(given) : given;
    const retention = {
      ...(flags['keep-scans'] === undefined ? {} : { keepScans: flags['keep-scans'] }),
      ...(flags['keep-days'] === undefined ? {} : { keepDays: flags['keep-days'] }),
    };
    const basemap = flags.basemap === undefined ? undefined : openBasemap(flags.basemap);
    const evidenceKey = flags['evidence-key'];
    if (evidenceKey !== undefined) checkEvidenceKey(evidenceKey);
    const { store, context } = await openContext(io, db, {
      ...retention,
      share: processShare(flags.workers),
      ...(basemap === undefined ? {} : { basemap }),
      ...(evidenceKey === undefined ? {} : { evidenceKey }),
    });
    shareSessions(context.sessions);
    const close = async (): Promise<void> => {
      await context.uploads.close();
      await context.appJobs.close();
      // A firmware audit in progress writes to the store: let it finish first.
      await context.firmwareJobs.idle();
      await store.close();
    };
    const maxAppUploadBytes = flags['max-app-mib'] * 1024 * 1024;
    const reportsPerDay = flags['reports-per-day'];
    const running = await listen(io, {
      context,
      host,
      port,
      token,
      maxAppUploadBytes,
      reportsPerDay,
      publicOrigin,
      tls,
    }).catch(async (e: unknown) => {
      await close();
      throw e;
    });
    if (basemap !== undefined)
      io.stderr.write(
        `basemap: ${basemap.path} (${basemap.tileType}, zoom ${basemap.header.minZoom}–${basemap.header.maxZoom}) at ${running.url}/basemap.pmtiles\n`,
      );
    // A worker also stops if its primary disappears without telling it (SIGKILL).
    const reason = await stopSignal({
      withParent: flags['exit-with-parent'] || worker,
      asWorker: worker,
    });
    io.stderr.write(`stopping (${reason})\n`);
    await running.close();
    await close();
    leaveCluster();
    return 0;
  },
});

/** The evidence key is read (or made) at start, so a bad file stops serve with one line. */
function checkEvidenceKey(path: string): void {
  loadOrCreateEvidenceKey(path);
}

/** The origin of --public-url (https://host[:port], nothing after), checked before anything opens. */
function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:')
    throw new UserError(`--public-url ${url}: not an http(s) URL`, {
      hint: 'give the address browsers use, e.g. https://observatory.example',
    });
  if (parsed.pathname !== '/' || parsed.search !== '' || parsed.username !== '')
    throw new UserError(`--public-url ${url}: only scheme, host and port (the server lives at /)`);
  return parsed.origin;
}

type Retention = { keepScans?: number; keepDays?: number };
type Opened = Retention & { basemap?: Basemap; evidenceKey?: string; share: ProcessShare };
type ApiContext = Awaited<ReturnType<typeof import('../../server/context.js').apiContext>>;

/** The store (seeded, retention applied) and the API's context over it. */
async function openContext(
  io: CliIo,
  dbPath: string,
  { basemap, evidenceKey, share, ...retention }: Opened,
): Promise<{ store: Store; context: ApiContext }> {
  const { apiContext } = await import('../../server/context.js');
  const { retentionRule } = await import('../../server/upload-ingest.js');
  const kb = await kbOrThrow();
  // The server shares one event loop: on SQLite it waits for another process's write lock in
  // short synchronous steps with pauses between, then answers 503 (see store/sqlite/sqlite-lock.ts).
  const store = await openStoreAt(dbPath, {
    busy: { busyTimeoutMs: 50, retries: 6 },
    connections: share.connections,
  });
  try {
    if ('postgis' in store && store.postgis === false) io.stderr.write(`${postgisNotUsed}\n`);
    await seedShippedAtlas(store);
    const rule = retentionRule(retention, new Date().toISOString());
    const deleted = rule === undefined ? 0 : await store.scans.prune(rule);
    if (deleted > 0) io.stderr.write(`retention: deleted ${deleted} older scan(s)\n`);
    const log = (line: string): void => void io.stderr.write(`${line}\n`);
    return {
      store,
      context: await apiContext(kb, store, {
        dbPath,
        threadConnections: share.threadConnections,
        retention,
        log,
        generator: `sousveil ${version()}`,
        ...(basemap === undefined ? {} : { basemap }),
        ...(evidenceKey === undefined ? {} : { evidenceKeyPath: evidenceKey }),
      }),
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
