// The storage interface every module uses. Implementations: sqlite/ (embedded, default) and
// postgres/ (several processes over one database); all methods are async for the latter.
import type { StoreChanges } from './changes.js';
import type { SiteRepository } from './site-types.js';

export type * from './site-types.js';

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

/**
 * A host whose verdict is already JSON with its repeated parts referenced (see
 * `verdict-parts.ts`): made where the verdicts are made (a worker thread), stored as it is.
 */
export interface PackedHost extends Omit<ScanHost, 'verdict'> {
  verdictJson: string;
}

export interface ScanRepository {
  create(scan: {
    kind: ScanSummary['kind'];
    startedAt: string;
    params: unknown;
  }): Promise<ScanSummary>;
  addHosts(scanId: number, hosts: readonly ScanHost[]): Promise<void>;
  /**
   * Adds hosts packed by one `VerdictParts` for this scan, with the parts they reference; a scan
   * is filled either this way or by `addHosts`, never both.
   */
  addPackedHosts(
    scanId: number,
    hosts: readonly PackedHost[],
    parts: ReadonlyArray<readonly [number, string]>,
  ): Promise<void>;
  finish(scanId: number, finishedAt: string, summary: unknown): Promise<void>;
  list(options?: { limit?: number; beforeId?: number }): Promise<ScanSummary[]>;
  get(scanId: number): Promise<ScanSummary | undefined>;
  hosts(scanId: number, filter?: { maker?: string; covered?: boolean }): Promise<ScanHost[]>;
  /** Deletes one scan with its hosts; false when there was none. */
  delete(scanId: number): Promise<boolean>;
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

/** A street camera as the store indexes it; `data` is the whole normalised camera. */
export interface CameraRecord {
  /** `n123`, `w45`, `r9`: the OSM element it came from. */
  id: string;
  lat: number;
  lon: number;
  /** The OSM version; a stored newer version is never replaced by an older one. */
  version?: number;
  /** kb vendor id of the maker, when resolved. */
  maker?: string;
  covered: boolean;
  type: string;
  operatorType?: string;
  /** Country name (Natural Earth), `''` when the position is in no country's shape. */
  country?: string;
  /** City or area: the camera's own `addr:city`, or the OSM place it was placed in. */
  city?: string;
  /** True when `city` is the camera's own `addr:city` tag (never replaced by a place). */
  cityFromTag?: boolean;
  data: unknown;
  /**
   * `data` already as JSON (made where the camera was made, e.g. in an import's reader thread);
   * when given, `data` is not read on writing.
   */
  dataJson?: string;
}

/** A named OSM place node (city, town, village) kept for placing cameras in a city or area. */
export interface PlaceRecord {
  id: string;
  name: string;
  kind: string;
  lat: number;
  lon: number;
}

/** A camera's position and city, for placing it by the nearest OSM place. */
export interface CameraCityRow {
  rowid: number;
  lat: number;
  lon: number;
  city: string | null;
}

/** Counts of one group (a country, a city, a maker). */
export interface CameraGroup {
  key: string;
  /** The city's country, for `byCity`. */
  country?: string;
  count: number;
  covered: number;
}

/** Which cameras a query wants; every field given must match. */
export interface CameraFilter {
  maker?: string;
  covered?: boolean;
  type?: string;
  operatorType?: string;
}

/** Cameras of one grid cell: their count, centre and how many are covered, by maker. */
export interface CameraCluster {
  lat: number;
  lon: number;
  count: number;
  covered: number;
  /** Counts by maker id; `unknown` for cameras whose maker is not resolved. */
  byMaker: Record<string, number>;
}

/** Counts over a box (or everything). */
export interface CameraStats {
  total: number;
  covered: number;
  byMaker: { maker: string; count: number; covered: number }[];
  byOperatorType: Record<string, number>;
  byType: Record<string, number>;
  /** By country, largest first; `unknown` where none was found. */
  byCountry: CameraGroup[];
  /** By country and city, largest first, at most `cityLimit` (default 100). */
  byCity: CameraGroup[];
}

export interface CameraRepository {
  /** Inserts or updates by id; an older version than the stored one is left out (`unchanged`). */
  upsert(
    cameras: readonly CameraRecord[],
  ): Promise<{ inserted: number; updated: number; unchanged: number }>;
  /** Removes by id; returns how many were there. */
  remove(ids: readonly string[]): Promise<number>;
  /** Every stored id. */
  ids(): Promise<string[]>;
  get(id: string): Promise<CameraRecord | undefined>;
  /** Cameras inside a box; at most `limit`. */
  inBox(box: BoundingBox, filter?: CameraFilter, limit?: number): Promise<CameraRecord[]>;
  countInBox(box: BoundingBox, filter?: CameraFilter): Promise<number>;
  /**
   * Cameras inside a box gathered into square cells of about `cellDegrees` (a precomputed grid when
   * it is fresh, whose cells may reach a little past the box; else counted from the cameras).
   */
  clusters(box: BoundingBox, cellDegrees: number, filter?: CameraFilter): Promise<CameraCluster[]>;
  stats(box?: BoundingBox, filter?: CameraFilter, cityLimit?: number): Promise<CameraStats>;
  /** Saves OSM places (by id: a newer import's name and position replace the old). */
  savePlaces(places: readonly PlaceRecord[]): Promise<void>;
  /** Every saved place. */
  places(): Promise<PlaceRecord[]>;
  /**
   * Cameras whose city is not their own tag, by rowid, in pages (the first after
   * `beforeFirstRowid`: a rowid may be negative).
   */
  cityRows(afterRowid: number, limit: number): Promise<CameraCityRow[]>;
  /** Sets cameras' cities (null: in no place's reach). */
  setCities(changes: readonly { rowid: number; city: string | null }[]): Promise<void>;
  /** Rebuilds the precomputed grid of low-zoom clusters (after an import). */
  refreshClusters(): Promise<void>;
  /** Every camera, by rowid, in pages (for exports; the first after `beforeFirstRowid`). */
  scan(
    filter: CameraFilter,
    box: BoundingBox | undefined,
    afterRowid: number,
    limit: number,
  ): Promise<{ rowid: number; camera: CameraRecord }[]>;
}

/** Below every camera's rowid: paging starts after it (a backend's rowids may be negative). */
export const beforeFirstRowid = -(2 ** 53 - 1);

/**
 * The largest OSM id a camera may have, either way (a backend may key cameras by their id, as an
 * exact integer in JS). OSM's ids are near 2^34 today; an import skips larger ones.
 */
export const maxCameraOsmId = 2 ** 50;

/** A document of the search index: a record the observatory shows, and the page that shows it. */
export interface SearchDoc {
  type: string;
  id: string;
  /** The observatory page that shows it (`/projects/ecu-911`). */
  url: string;
  title: string;
  body: string;
}

export interface SearchHit {
  type: string;
  id: string;
  url: string;
  title: string;
  snippet: string;
}

export interface SearchRepository {
  /** Replaces the whole index with these documents, remembering which version of the data they are. */
  replace(docs: readonly SearchDoc[], version: string): Promise<void>;
  /** The version the index was last built from, if any. */
  version(): Promise<string | undefined>;
  /** Documents matching every word of the text as a prefix (accents folded), best first. */
  query(text: string, limit: number): Promise<SearchHit[]>;
}

/** The store: repositories, transactions and the migration state. */
/** A saved app audit, as lists show it; the report itself is a document the store does not read. */
export interface AppScanSummary {
  id: number;
  scannedAt: string;
  file: string;
  sha256: string;
  package?: string;
  versionCode?: number;
  versionName?: string;
  sdkCount: number;
  prcSdkCount: number;
}

/** An app audit to save: its summary fields, the SDK ids found, and the report document. */
export interface NewAppScan extends Omit<AppScanSummary, 'id'> {
  sdkIds: readonly string[];
  report: unknown;
}

export interface AppScanRepository {
  save(scan: NewAppScan): Promise<AppScanSummary>;
  /** Newest first; optionally one package's, those where an SDK was found, or those of one file hash. */
  list(options?: {
    package?: string;
    sdk?: string;
    sha256?: string;
    limit?: number;
    beforeId?: number;
  }): Promise<AppScanSummary[]>;
  /** How many saved audits found each SDK (SDKs found in none are absent). */
  sdkCounts(): Promise<Map<string, number>>;
  get(id: number): Promise<{ summary: AppScanSummary; report: unknown } | undefined>;
  delete(id: number): Promise<boolean>;
}

/** A saved firmware audit, as lists show it; the report itself is a document the store does not read. */
export interface FirmwareScanSummary {
  id: number;
  scannedAt: string;
  file: string;
  sha256: string;
  container: string;
  maker?: string;
  brand?: string;
  version?: string;
  buildDate?: string;
  affectedCount: number;
  kevCount: number;
  indicatorCount: number;
  componentCount: number;
}

/** A firmware audit to save: its summary fields, the models it serves, and the report document. */
export interface NewFirmwareScan extends Omit<FirmwareScanSummary, 'id'> {
  models: readonly string[];
  report: unknown;
}

export interface FirmwareScanRepository {
  save(scan: NewFirmwareScan): Promise<FirmwareScanSummary>;
  /** Newest first; optionally one maker's (kb vendor id), or those serving a model. */
  list(options?: {
    maker?: string;
    model?: string;
    limit?: number;
    beforeId?: number;
  }): Promise<FirmwareScanSummary[]>;
  get(id: number): Promise<{ summary: FirmwareScanSummary; report: unknown } | undefined>;
  delete(id: number): Promise<boolean>;
}

/** What a citizen report says: no field names or describes the reporter. */
export interface ReportFields {
  /** `camera`, `ALPR`, `gunshot_detector` or `other`. */
  type: string;
  /** `fixed`, `dome` or `panning`, for cameras. */
  cameraType?: string;
  /** Bearing, degrees clockwise from north. */
  direction?: number;
  brand?: string;
  model?: string;
  /** What an operator sign on or near it says. */
  operatorSign?: string;
  note?: string;
}

/** A photo after it was made safe (decoded, redacted, re-encoded without metadata). */
export interface ReportPhotoInfo {
  type: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  /** Regions boxed out by the detector. */
  redactions: number;
}

/** `merged`: a duplicate of a mapped camera or of another report (see `ReportDecision.mergedInto`). */
export type ReportStatus = 'new' | 'accepted' | 'rejected' | 'merged';

/** A report as stored: a random id, the day, the position on the ~5 m grid. */
export interface StoredReport {
  id: string;
  /** `YYYY-MM-DD` (UTC): the time is rounded to the day. */
  day: string;
  lat: number;
  lon: number;
  status: ReportStatus;
  fields: ReportFields;
  photo?: ReportPhotoInfo;
}

/** A report to save, with its photo's bytes. */
export interface NewReport extends Omit<StoredReport, 'status' | 'photo'> {
  photo?: { info: ReportPhotoInfo; bytes: Uint8Array };
}

/** A moderator's decision on a report, as the audit log keeps it. */
export interface ReportDecision {
  reportId: string;
  moderator: string;
  decision: 'accept' | 'reject' | 'merge';
  reason: string;
  /** ISO time of the decision (moderators are accountable; reporters are not recorded). */
  at: string;
  /** A merge's target: the mapped camera (OSM id) or the earlier report it duplicates. */
  mergedInto?: MergeTarget;
}

/** What a report is merged into. */
export interface MergeTarget {
  kind: 'camera' | 'report';
  id: string;
}

/** An accepted report as the public map shows it: no note, no photo, nothing of the reporter. */
export interface AcceptedReport {
  id: string;
  day: string;
  lat: number;
  lon: number;
  fields: Omit<ReportFields, 'note'>;
  /** The day (UTC) of the latest decision to accept it. */
  acceptedDay: string;
  /** How many other reports were merged into this one. */
  merged: number;
}

export type ModeratorRole = 'moderator' | 'admin';

/** A moderator's account. */
export interface Moderator {
  name: string;
  role: ModeratorRole;
  /** `scrypt$…` (see moderation/crypto-passwords.ts). */
  passwordHash: string;
  /** Failed logins since the last good one. */
  failedLogins: number;
  /** ISO time until which logins are refused. */
  lockedUntil?: string;
  createdDay: string;
}

export interface ModeratorRepository {
  /** Adds an account; false when the name is taken. */
  add(m: Omit<Moderator, 'failedLogins' | 'lockedUntil'>): Promise<boolean>;
  get(name: string): Promise<Moderator | undefined>;
  list(): Promise<Omit<Moderator, 'passwordHash'>[]>;
  /** Records a login's outcome: the failures counted and the lock, if any. */
  setLoginState(name: string, failedLogins: number, lockedUntil?: string): Promise<void>;
}

export interface ReportRepository {
  add(report: NewReport): Promise<void>;
  get(id: string): Promise<StoredReport | undefined>;
  /** Oldest first within a status (the moderation queue's order); at most `limit`. */
  list(options?: { status?: ReportStatus; limit?: number }): Promise<StoredReport[]>;
  /** The stored photo's bytes and type. */
  photo(id: string): Promise<{ type: string; bytes: Uint8Array } | undefined>;
  count(status?: ReportStatus): Promise<number>;
  /**
   * Records a decision and sets the report's status (accepted, rejected or merged) in one
   * transaction; false when there is no such report. A merge's target is checked by the caller.
   */
  decide(decision: ReportDecision): Promise<boolean>;
  /** The audit log of one report, oldest first. */
  decisions(reportId: string): Promise<ReportDecision[]>;
  /** Accepted reports inside a box, for the public map; at most `limit`. */
  accepted(box: BoundingBox, limit: number): Promise<AcceptedReport[]>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Opened for reading only (a command that only reads): every write is refused. */
  readonly readOnly: boolean;
  readonly scans: ScanRepository;
  readonly records: RecordRepository;
  readonly map: MapRepository;
  readonly cameras: CameraRepository;
  readonly search: SearchRepository;
  readonly apps: AppScanRepository;
  readonly firmware: FirmwareScanRepository;
  readonly reports: ReportRepository;
  readonly moderators: ModeratorRepository;
  readonly sites: SiteRepository;
  /** Runs `fn` atomically: everything it wrote is kept, or nothing is. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Where the store stands: a generation that moves whenever anything is committed, by this
   * process or another (e.g. a CLI import into the same file; on PostgreSQL, any write through a
   * store, whose counters move in the same transaction), and each area's change counter. Cheap
   * enough to ask on every request.
   */
  changes(): Promise<StoreChanges>;
  /** Versions of the migrations applied, in order. */
  migrations(): Promise<number[]>;
  close(): Promise<void>;
}
