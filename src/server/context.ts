// Building the server's context: kb, store (atlas seeded on first start), country shapes.
import { FirmwareJobs } from './firmware-jobs.js';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { loadStoredAtlas } from '../atlas/atlas-store.js';
import type { Atlas } from '../atlas/schema.js';
import type { Basemap } from '../fieldmap/fs-basemap.js';
import type { Kb } from '../kb/index.js';
import { changedAreas, isPostgresUrl, type Store, type StoreChanges } from '../store/index.js';
import type { ApiContext } from './api.js';
import {
  faceWorkerAvailable,
  haarPlateDetector,
  tfjsFaceDetector,
  workerFaceDetector,
  type RegionDetector,
  evidenceKeyPath,
  loadOrCreateEvidenceKey,
} from '../reports/index-node.js';
import { unusableHash, verifyPassword } from '../moderation/index-node.js';
import type { PackSigner } from '../reports/index.js';
import { ModeratorSessions } from './moderator-sessions.js';
import { reportIntake, type ReportIntake } from './report-intake.js';
import type { Retention } from './upload-ingest.js';
import { SdkRuleIndex } from '../kb/index.js';
import { AppJobs } from './app-jobs.js';
import { inThreadAppRunner, workerAppRunner } from './app-runner.js';
import { inThreadUploads, workerUploads, workersAvailable } from './upload-runner.js';

let shapes: unknown;

/** Natural Earth 1:110m country shapes (world-atlas, ISC) as GeoJSON, converted once. */
export function countryShapes(): unknown {
  if (shapes === undefined) {
    const require = createRequire(import.meta.url);
    const topo = require('world-atlas/countries-110m.json') as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    const collection = feature(topo, topo.objects.countries);
    // Antarctica is left out (no records, and its ring runs along the pole); rings of Russia and
    // Fiji that cross the antimeridian are unwrapped so they do not streak across the map.
    collection.features = collection.features.filter((f) => f.id !== '010');
    for (const f of collection.features) {
      const g = f.geometry;
      const polygons =
        g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const polygon of polygons)
        for (const ring of polygon) {
          unwrap(ring);
          for (const p of ring) for (let i = 0; i < p.length; i++) p[i] = round3(p[i] ?? 0);
        }
    }
    shapes = collection;
  }
  return shapes;
}

/**
 * Three decimals (about 100 m): finer than the 1:110m shapes' own grid (0.0036°), and the answer
 * is a third of the size with full-length floats.
 */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Shifts western longitudes by 360° in a ring that jumps across the antimeridian. */
function unwrap(ring: number[][]): void {
  const crosses = ring.some(
    (p, i) => i > 0 && Math.abs((p[0] ?? 0) - (ring[i - 1]?.[0] ?? 0)) > 180,
  );
  if (!crosses) return;
  for (const p of ring) if ((p[0] ?? 0) < 0) p[0] = (p[0] ?? 0) + 360;
}

export interface ContextOptions {
  /** The database file, for the upload worker's own connection; absent keeps uploads in-thread. */
  dbPath?: string;
  /** PostgreSQL connections of each upload and app thread (default 2; `serve-share.ts`). */
  threadConnections?: number;
  retention?: Retention;
  /** Where unexpected failures of app audits are told (stderr by default). */
  log?: (line: string) => void;
  /** The street basemap (`serve --basemap`), already opened and checked. */
  basemap?: Basemap;
  /** How report photos are made safe (sharp, two at a time, by default). */
  reports?: ReportIntake;
  /** `sousveil 0.1.0`, as exports name their generator. */
  generator?: string;
  /** The evidence key file (default: beside `dbPath`; no packs without either). */
  evidenceKeyPath?: string;
}

/** The API's context over `kb` and `store`: the atlas reloaded when the store changes. */
export async function apiContext(
  kb: Kb,
  store: Store,
  options: ContextOptions = {},
): Promise<ApiContext> {
  const today = (): string => new Date().toISOString().slice(0, 10);
  const now = (): string => new Date().toISOString();
  const retention = options.retention ?? {};
  const uploads = workersAvailable(options.dbPath)
    ? workerUploads(options.dbPath, retention, options.threadConnections ?? 2)
    : inThreadUploads({ kb, store, retention, today, now });
  const appRunner = workersAvailable(options.dbPath)
    ? workerAppRunner(options.dbPath, options.threadConnections ?? 2)
    : inThreadAppRunner({ kb, index: new SdkRuleIndex(kb.sdks), store, now: () => new Date() });
  const appJobs = new AppJobs(appRunner, options.log === undefined ? {} : { log: options.log });
  const firmwareJobs = new FirmwareJobs(kb, store, () => new Date());
  const reports =
    options.reports ??
    reportIntake({ detect: faceWorkerAvailable() ? workerFaceDetector() : lazyFaceDetector() });
  return {
    kb,
    store,
    atlas: storedAtlasOf(store),
    countryShapes,
    today,
    now,
    uploads,
    appJobs,
    firmwareJobs,
    ...(options.basemap === undefined ? {} : { basemap: options.basemap }),
    reports,
    sessions: new ModeratorSessions(),
    login: { verify: verifyPassword, unusableHash },
    ...(options.generator === undefined ? {} : { generator: options.generator }),
    ...evidenceSignerOf(options),
  };
}

/**
 * The evidence key, read (or made) on the first pack and kept; none without a file to keep it in
 * (an SQLite file's folder, or `evidenceKeyPath`; a PostgreSQL URL has no folder).
 */
function evidenceSignerOf(options: ContextOptions): Pick<ApiContext, 'evidenceSigner'> {
  const path =
    options.evidenceKeyPath ??
    (options.dbPath === undefined || options.dbPath === ':memory:' || isPostgresUrl(options.dbPath)
      ? undefined
      : evidenceKeyPath(options.dbPath));
  if (path === undefined) return {};
  let signer: PackSigner | undefined;
  return { evidenceSigner: () => (signer ??= loadOrCreateEvidenceKey(path).signer) };
}

/**
 * The face and plate detectors in this thread (tests run from .ts sources), loaded on the first
 * photo. A failure to load refuses the photo rather than storing it unredacted; the next photo
 * tries again.
 */
function lazyFaceDetector(): RegionDetector {
  let detector: ReturnType<typeof tfjsFaceDetector> | undefined;
  return async (image) => {
    const loading = (detector ??= tfjsFaceDetector());
    loading.catch(() => {
      if (detector === loading) detector = undefined;
    });
    const faces = await (await loading)(image);
    return [...faces, ...(await haarPlateDetector()(image))];
  };
}

/** The store's atlas, read again once the store's records change (e.g. a CLI atlas import). */
function storedAtlasOf(store: Store): () => Promise<Atlas> {
  let seen: StoreChanges | undefined;
  let held: Promise<Atlas> | undefined;
  return async () => {
    const now = await store.changes();
    const moved = changedAreas(seen, now);
    seen = now;
    if (held === undefined || moved === 'all' || moved.includes('records')) {
      const atlas = loadStoredAtlas(store);
      held = atlas;
      // A failed read is not kept: the next request tries again.
      atlas.catch(() => {
        if (held === atlas) held = undefined;
      });
      return atlas;
    }
    return held;
  };
}
