// Rows as every SQL backend stores them, turned back into the interface's shapes (pure): the
// column names are the same in SQLite and PostgreSQL, only booleans differ (0/1 or true/false).
import type { AppScanSummary, MapPoint, ScanHost, ScanSummary, StoredRecord } from './store.js';
import { unpackVerdict } from './verdict-parts.js';

export interface ScanRow {
  id: number;
  kind: ScanSummary['kind'];
  started_at: string;
  finished_at: string | null;
  params_json: string;
  summary_json: string | null;
  host_count: number;
}

export interface HostRow {
  address: string;
  mac: string | null;
  maker: string | null;
  brand: string | null;
  model: string | null;
  firmware: string | null;
  device_type: string | null;
  confidence: string | null;
  covered: number | boolean;
  verdict_json: string;
}

export interface RecordRow {
  kind: string;
  id: string;
  data_json: string;
  sources_json: string;
}

export interface PointRow {
  id: string;
  kind: string;
  lat: number;
  lon: number;
  data_json: string;
}

/** A scan row as a summary. */
export function scanSummaryOf(r: ScanRow): ScanSummary {
  return {
    id: r.id,
    kind: r.kind,
    startedAt: r.started_at,
    ...(r.finished_at === null ? {} : { finishedAt: r.finished_at }),
    params: JSON.parse(r.params_json) as unknown,
    ...(r.summary_json === null ? {} : { summary: JSON.parse(r.summary_json) as unknown }),
    hostCount: r.host_count,
  };
}

/** A host row with its verdict put back together from the scan's parts. */
export function scanHostOf(r: HostRow, parts: ReadonlyMap<number, string>): ScanHost {
  const opt = <K extends string>(k: K, v: string | null): Partial<Record<K, string>> =>
    v === null ? {} : ({ [k]: v } as Record<K, string>);
  return {
    address: r.address,
    ...opt('mac', r.mac),
    ...opt('maker', r.maker),
    ...opt('brand', r.brand),
    ...opt('model', r.model),
    ...opt('firmware', r.firmware),
    ...opt('deviceType', r.device_type),
    ...opt('confidence', r.confidence),
    covered: r.covered === true || r.covered === 1,
    verdict: JSON.parse(unpackVerdict(r.verdict_json, parts)) as unknown,
  };
}

/** A record row as a stored record. */
export function storedRecordOf(r: RecordRow): StoredRecord {
  return {
    kind: r.kind,
    id: r.id,
    data: JSON.parse(r.data_json) as unknown,
    sources: JSON.parse(r.sources_json) as string[],
  };
}

/** A point row as a map point. */
export function mapPointOf(r: PointRow): MapPoint {
  return {
    id: r.id,
    kind: r.kind,
    lat: r.lat,
    lon: r.lon,
    data: JSON.parse(r.data_json) as unknown,
  };
}

export interface AppScanRow {
  id: number;
  scanned_at: string;
  file: string;
  sha256: string;
  package: string | null;
  version_code: number | null;
  version_name: string | null;
  sdk_count: number;
  prc_sdk_count: number;
}

/** The columns an app audit's summary is read from. */
export const appScanColumns =
  'id, scanned_at, file, sha256, package, version_code, version_name, sdk_count, prc_sdk_count';

/** An app audit row as its summary. */
export function appScanSummaryOf(r: AppScanRow): AppScanSummary {
  const s: AppScanSummary = {
    id: r.id,
    scannedAt: r.scanned_at,
    file: r.file,
    sha256: r.sha256,
    sdkCount: r.sdk_count,
    prcSdkCount: r.prc_sdk_count,
  };
  if (r.package !== null) s.package = r.package;
  if (r.version_code !== null) s.versionCode = r.version_code;
  if (r.version_name !== null) s.versionName = r.version_name;
  return s;
}
