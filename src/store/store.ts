// The storage interface every module uses. Implementations: sqlite/ (embedded, default);
// a PostgreSQL one can sit behind the same interface (all methods are async for that reason).
import type { StoreChanges } from './changes.js';

/** A scan or import run, as listed in history. */
export interface ScanSummary {
  id: number;
  /** `scan` for active scans, `import` for evidence imported from files. */
  kind: 'scan' | 'import';
  startedAt: string;
  finishedAt?: string;
  /** What the user asked for: targets, ports, files, options. */
  params: unknown;
  /** Counts and totals computed when the run finished. */
  summary?: unknown;
  hostCount: number;
}

/** One host's verdict within a scan. `verdict` keeps the full evidence as JSON. */
export interface ScanHost {
  address: string;
  mac?: string;
  maker?: string;
  brand?: string;
  model?: string;
  firmware?: string;
  deviceType?: string;
  confidence?: string;
  covered: boolean;
  verdict: unknown;
}

export interface ScanRepository {
  create(scan: {
    kind: ScanSummary['kind'];
    startedAt: string;
    params: unknown;
  }): Promise<ScanSummary>;
  addHosts(scanId: number, hosts: readonly ScanHost[]): Promise<void>;
  finish(scanId: number, finishedAt: string, summary: unknown): Promise<void>;
  list(options?: { limit?: number; beforeId?: number }): Promise<ScanSummary[]>;
  get(scanId: number): Promise<ScanSummary | undefined>;
  hosts(scanId: number, filter?: { maker?: string; covered?: boolean }): Promise<ScanHost[]>;
  /** Deletes the scans the rule does not keep, with their hosts; returns how many scans went. */
  prune(rule: RetentionRule): Promise<number>;
}

/** Which scans to keep: the newest `keepScans`, and none started before `startedBefore` (ISO). */
export interface RetentionRule {
  keepScans?: number;
  startedBefore?: string;
}

/** A sourced record (atlas entity or claim), stored as a document with its kind and id. */
export interface StoredRecord {
  kind: string;
  id: string;
  data: unknown;
  sources: readonly string[];
}

export interface RecordRepository {
  /** Inserts or replaces records by (kind, id). */
  put(records: readonly StoredRecord[]): Promise<void>;
  get(kind: string, id: string): Promise<StoredRecord | undefined>;
  list(kind: string, options?: { limit?: number; offset?: number }): Promise<StoredRecord[]>;
  count(kind?: string): Promise<number>;
  delete(kind: string, id: string): Promise<boolean>;
}

/** A point on the map (a camera, a report), with its data as a document. */
export interface MapPoint {
  id: string;
  kind: string;
  lat: number;
  lon: number;
  data: unknown;
}

export interface BoundingBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface MapRepository {
  put(points: readonly MapPoint[]): Promise<void>;
  /** Points inside a box, optionally of one kind; at most `limit`. */
  query(box: BoundingBox, options?: { kind?: string; limit?: number }): Promise<MapPoint[]>;
  count(kind?: string): Promise<number>;
}

/** The store: repositories, transactions and the migration state. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly scans: ScanRepository;
  readonly records: RecordRepository;
  readonly map: MapRepository;
  /** Runs `fn` atomically: everything it wrote is kept, or nothing is. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Where the store stands: a generation that moves whenever anything is committed, by this
   * process or another (e.g. a CLI import into the same file), and each area's change counter.
   * Cheap enough to ask on every request.
   */
  changes(): Promise<StoreChanges>;
  /** Versions of the migrations applied, in order. */
  migrations(): Promise<number[]>;
  close(): Promise<void>;
}
