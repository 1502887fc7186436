import type {
  AcceptedReport,
  BoundingBox,
  NewReport,
  ReportDecision,
  ReportRepository,
  ReportStatus,
  StoredReport,
} from '../store.js';
import {
  acceptedOf,
  acceptedSql,
  type AcceptedRow,
  decisionColumns,
  statusAfter,
  decisionOf,
  reportColumns as columns,
  reportOf as toReport,
  type DecisionRow,
  type ReportData,
  type ReportRow,
} from '../report-rows.js';
import type { SqliteConn } from './sqlite-lock.js';

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
            `SELECT ${decisionColumns} FROM report_decisions WHERE report_id = ? ORDER BY rowid`,
          )
          .all(reportId) as DecisionRow[],
    );
    return rows.map(decisionOf);
  }

  async accepted(box: BoundingBox, limit: number): Promise<AcceptedReport[]> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(acceptedSql(() => '?'))
          .all(box.south, box.north, box.west, box.east, limit) as AcceptedRow[],
    );
    return rows.map(acceptedOf);
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
