import type {
  AcceptedReport,
  BoundingBox,
  NewReport,
  ReportDecision,
  ReportPhotoInfo,
  ReportRepository,
  ReportStatus,
  StoredReport,
} from '../store.js';
import type { SqliteConn } from './sqlite-lock.js';

interface ReportRow {
  id: string;
  day: string;
  lat: number;
  lon: number;
  status: ReportStatus;
  data_json: string;
}

/** The document kept in `data_json`: the report's fields and its photo's description. */
interface ReportData {
  fields: StoredReport['fields'];
  photo?: ReportPhotoInfo;
}

const columns = 'id, day, lat, lon, status, data_json';

const statusAfter: Record<ReportDecision['decision'], ReportStatus> = {
  accept: 'accepted',
  reject: 'rejected',
  merge: 'merged',
};

interface DecisionRow {
  report_id: string;
  moderator: string;
  decision: ReportDecision['decision'];
  reason: string;
  at: string;
  merged_kind: 'camera' | 'report' | null;
  merged_id: string | null;
}

function toDecision(r: DecisionRow): ReportDecision {
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

/** Citizen reports in SQLite (migration 12); photos in their own table, read only when asked for. */
export class SqliteReports implements ReportRepository {
  constructor(private readonly c: SqliteConn) {}

  async add(report: NewReport): Promise<void> {
    const data: ReportData = { fields: report.fields };
    if (report.photo !== undefined) data.photo = report.photo.info;
    await this.c.write('reports', () => {
      const info = this.c.db
        .prepare(
          `INSERT INTO reports (id, day, lat, lon, type, data_json) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          report.id,
          report.day,
          report.lat,
          report.lon,
          report.fields.type,
          JSON.stringify(data),
        );
      if (report.photo !== undefined)
        this.c.db
          .prepare('INSERT INTO report_photos (report_rowid, type, bytes) VALUES (?, ?, ?)')
          .run(info.lastInsertRowid, report.photo.info.type, report.photo.bytes);
    });
  }

  async get(id: string): Promise<StoredReport | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db.prepare(`SELECT ${columns} FROM reports WHERE id = ?`).get(id) as
          ReportRow | undefined,
    );
    return row === undefined ? undefined : toReport(row);
  }

  async list(options: { status?: ReportStatus; limit?: number } = {}): Promise<StoredReport[]> {
    const rows = await this.c.read(() =>
      options.status === undefined
        ? (this.c.db
            .prepare(`SELECT ${columns} FROM reports ORDER BY rowid LIMIT ?`)
            .all(options.limit ?? 100) as ReportRow[])
        : (this.c.db
            .prepare(`SELECT ${columns} FROM reports WHERE status = ? ORDER BY rowid LIMIT ?`)
            .all(options.status, options.limit ?? 100) as ReportRow[]),
    );
    return rows.map(toReport);
  }

  async photo(id: string): Promise<{ type: string; bytes: Uint8Array } | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT p.type, p.bytes FROM report_photos p JOIN reports r ON r.rowid = p.report_rowid WHERE r.id = ?`,
          )
          .get(id) as { type: string; bytes: Buffer } | undefined,
    );
    return row === undefined ? undefined : { type: row.type, bytes: new Uint8Array(row.bytes) };
  }

  async decide(d: ReportDecision): Promise<boolean> {
    const status = statusAfter[d.decision];
    return this.c.write('reports', () => {
      const info = this.c.db
        .prepare('UPDATE reports SET status = ? WHERE id = ?')
        .run(status, d.reportId);
      if (info.changes === 0) return false;
      this.c.db
        .prepare(
          'INSERT INTO report_decisions (report_id, moderator, decision, reason, at, merged_kind, merged_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          d.reportId,
          d.moderator,
          d.decision,
          d.reason,
          d.at,
          d.mergedInto?.kind ?? null,
          d.mergedInto?.id ?? null,
        );
      return true;
    });
  }

  async decisions(reportId: string): Promise<ReportDecision[]> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(
            'SELECT report_id, moderator, decision, reason, at, merged_kind, merged_id FROM report_decisions WHERE report_id = ? ORDER BY rowid',
          )
          .all(reportId) as DecisionRow[],
    );
    return rows.map(toDecision);
  }

  async accepted(box: BoundingBox, limit: number): Promise<AcceptedReport[]> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT r.id, r.day, r.lat, r.lon, r.data_json,
               (SELECT substr(max(d.at), 1, 10) FROM report_decisions d
                 WHERE d.report_id = r.id AND d.decision = 'accept') AS accepted_day,
               (SELECT count(*) FROM report_decisions m JOIN reports o ON o.id = m.report_id
                 WHERE m.merged_kind = 'report' AND m.merged_id = r.id AND o.status = 'merged'
                   AND m.rowid = (SELECT max(rowid) FROM report_decisions WHERE report_id = o.id)
               ) AS merged
             FROM reports r
             WHERE r.status = 'accepted' AND r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?
             ORDER BY r.rowid LIMIT ?`,
          )
          .all(box.south, box.north, box.west, box.east, limit) as (Omit<ReportRow, 'status'> & {
          accepted_day: string | null;
          merged: number;
        })[],
    );
    return rows.map((r) => {
      const { note: _note, ...fields } = (JSON.parse(r.data_json) as ReportData).fields;
      return {
        id: r.id,
        day: r.day,
        lat: r.lat,
        lon: r.lon,
        fields,
        acceptedDay: r.accepted_day ?? r.day,
        merged: r.merged,
      };
    });
  }

  async count(status?: ReportStatus): Promise<number> {
    const row = await this.c.read(
      () =>
        (status === undefined
          ? this.c.db.prepare('SELECT count(*) AS n FROM reports').get()
          : this.c.db
              .prepare('SELECT count(*) AS n FROM reports WHERE status = ?')
              .get(status)) as {
          n: number;
        },
    );
    return row.n;
  }
}

function toReport(r: ReportRow): StoredReport {
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
