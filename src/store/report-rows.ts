// Firmware audits, citizen reports and moderators as every SQL backend stores them (pure): rows
// turned back into the interface's shapes, the same in SQLite and PostgreSQL.
import type {
  AcceptedReport,
  FirmwareScanSummary,
  Moderator,
  ReportDecision,
  ReportPhotoInfo,
  ReportStatus,
  StoredReport,
} from './store.js';

export interface FirmwareScanRow {
  id: number;
  scanned_at: string;
  file: string;
  sha256: string;
  container: string;
  maker: string | null;
  brand: string | null;
  version: string | null;
  build_date: string | null;
  affected_count: number;
  kev_count: number;
  indicator_count: number;
  component_count: number;
}

/** The columns a firmware audit's summary is read from. */
export const firmwareColumns =
  'id, scanned_at, file, sha256, container, maker, brand, version, build_date, affected_count, kev_count, indicator_count, component_count';

/** A firmware audit row as its summary. */
export function firmwareSummaryOf(r: FirmwareScanRow): FirmwareScanSummary {
  const s: FirmwareScanSummary = {
    id: r.id,
    scannedAt: r.scanned_at,
    file: r.file,
    sha256: r.sha256,
    container: r.container,
    affectedCount: r.affected_count,
    kevCount: r.kev_count,
    indicatorCount: r.indicator_count,
    componentCount: r.component_count,
  };
  if (r.maker !== null) s.maker = r.maker;
  if (r.brand !== null) s.brand = r.brand;
  if (r.version !== null) s.version = r.version;
  if (r.build_date !== null) s.buildDate = r.build_date;
  return s;
}

/** The summary fields of a firmware audit to save, in `firmwareColumns` order (without the id). */
export function firmwareValues(scan: Omit<FirmwareScanSummary, 'id'>): unknown[] {
  return [
    scan.scannedAt,
    scan.file,
    scan.sha256,
    scan.container,
    scan.maker ?? null,
    scan.brand ?? null,
    scan.version ?? null,
    scan.buildDate ?? null,
    scan.affectedCount,
    scan.kevCount,
    scan.indicatorCount,
    scan.componentCount,
  ];
}

export interface ReportRow {
  id: string;
  day: string;
  lat: number;
  lon: number;
  status: ReportStatus;
  data_json: string;
}

/** The document kept in `data_json`: the report's fields and its photo's description. */
export interface ReportData {
  fields: StoredReport['fields'];
  photo?: ReportPhotoInfo;
}

export const reportColumns = 'id, day, lat, lon, status, data_json';

/** The status a decision leaves its report in. */
export const statusAfter: Record<ReportDecision['decision'], ReportStatus> = {
  accept: 'accepted',
  reject: 'rejected',
  merge: 'merged',
};

/**
 * Accepted reports in a box, with the day of the latest acceptance and how many reports are
 * merged into each (their latest decision a merge into it). Parameters, in order: south, north,
 * west, east, limit, written by `param(n)` ('?' in SQLite, '$n' in PostgreSQL).
 */
export function acceptedSql(param: (n: number) => string): string {
  return `SELECT r.id, r.day, r.lat, r.lon, r.data_json,
       (SELECT substr(max(d.at), 1, 10) FROM report_decisions d
         WHERE d.report_id = r.id AND d.decision = 'accept') AS accepted_day,
       (SELECT count(*) FROM report_decisions m JOIN reports o ON o.id = m.report_id
         WHERE m.merged_kind = 'report' AND m.merged_id = r.id AND o.status = 'merged'
           AND m.rowid = (SELECT max(rowid) FROM report_decisions WHERE report_id = o.id)
       ) AS merged
     FROM reports r
     WHERE r.status = 'accepted' AND r.lat BETWEEN ${param(1)} AND ${param(2)}
       AND r.lon BETWEEN ${param(3)} AND ${param(4)}
     ORDER BY r.rowid LIMIT ${param(5)}`;
}

/** An accepted report's row (with the day it was accepted and how many were merged into it). */
export interface AcceptedRow extends Omit<ReportRow, 'status'> {
  accepted_day: string | null;
  merged: number | string;
}

/** An accepted report as the map shows it: never the note. */
export function acceptedOf(r: AcceptedRow): AcceptedReport {
  const { note: _note, ...fields } = (JSON.parse(r.data_json) as ReportData).fields;
  return {
    id: r.id,
    day: r.day,
    lat: r.lat,
    lon: r.lon,
    fields,
    acceptedDay: r.accepted_day ?? r.day,
    // PostgreSQL's count(*) is a bigint, which node-postgres gives as text.
    merged: Number(r.merged),
  };
}

/** A report row as the stored report. */
export function reportOf(r: ReportRow): StoredReport {
  const data = JSON.parse(r.data_json) as ReportData;
  const report: StoredReport = {
    id: r.id,
    day: r.day,
    lat: r.lat,
    lon: r.lon,
    status: r.status,
    fields: data.fields,
  };
  if (data.photo !== undefined) report.photo = data.photo;
  return report;
}

export interface DecisionRow {
  report_id: string;
  moderator: string;
  decision: ReportDecision['decision'];
  reason: string;
  at: string;
  merged_kind: 'camera' | 'report' | null;
  merged_id: string | null;
}

export const decisionColumns = 'report_id, moderator, decision, reason, at, merged_kind, merged_id';

export function decisionOf(r: DecisionRow): ReportDecision {
  const d: ReportDecision = {
    reportId: r.report_id,
    moderator: r.moderator,
    decision: r.decision,
    reason: r.reason,
    at: r.at,
  };
  if (r.merged_kind !== null && r.merged_id !== null)
    d.mergedInto = { kind: r.merged_kind, id: r.merged_id };
  return d;
}

export interface ModeratorRow {
  name: string;
  role: Moderator['role'];
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  created_day: string;
}

export function moderatorOf(r: ModeratorRow): Moderator {
  const m: Moderator = {
    name: r.name,
    role: r.role,
    passwordHash: r.password_hash,
    failedLogins: r.failed_logins,
    createdDay: r.created_day,
  };
  if (r.locked_until !== null) m.lockedUntil = r.locked_until;
  return m;
}

/** A moderator as lists show it: without the password hash. */
export function listedModerator(r: ModeratorRow): Omit<Moderator, 'passwordHash'> {
  const { passwordHash: _hash, ...rest } = moderatorOf(r);
  return rest;
}
