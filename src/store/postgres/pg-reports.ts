// Citizen reports and moderators' accounts in PostgreSQL (migration 12): the same rows as SQLite
// keeps (nothing about the reporter), photos as bytea in their own table, read only when asked.
import {
  acceptedOf,
  acceptedSql,
  type AcceptedRow,
  decisionColumns,
  decisionOf,
  listedModerator,
  moderatorOf,
  reportColumns,
  reportOf,
  type DecisionRow,
  type ModeratorRow,
  type ReportData,
  type ReportRow,
  statusAfter,
} from '../report-rows.js';
import type {
  AcceptedReport,
  BoundingBox,
  Moderator,
  ModeratorRepository,
  NewReport,
  ReportDecision,
  ReportRepository,
  ReportStatus,
  StoredReport,
} from '../store.js';
import type { PgConn } from './pg-conn.js';

/** Citizen reports in PostgreSQL. */
export class PgReports implements ReportRepository {
  constructor(private readonly c: PgConn) {}

  async add(report: NewReport): Promise<void> {
    const data: ReportData = { fields: report.fields };
    if (report.photo !== undefined) data.photo = report.photo.info;
    await this.c.write('reports', async (c) => {
      const [row] = await c.query<{ rowid: number }>(
        'INSERT INTO reports (id, day, lat, lon, type, data_json) VALUES ($1, $2, $3, $4, $5, $6) RETURNING rowid',
        [report.id, report.day, report.lat, report.lon, report.fields.type, JSON.stringify(data)],
      );
      if (report.photo !== undefined && row !== undefined) {
        const { bytes } = report.photo;
        await c.query('INSERT INTO report_photos (report_rowid, type, bytes) VALUES ($1, $2, $3)', [
          row.rowid,
          report.photo.info.type,
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        ]);
      }
    });
  }

  async get(id: string): Promise<StoredReport | undefined> {
    const [row] = await this.c.query<ReportRow>(
      `SELECT ${reportColumns} FROM reports WHERE id = $1`,
      [id],
    );
    return row === undefined ? undefined : reportOf(row);
  }

  async list(options: { status?: ReportStatus; limit?: number } = {}): Promise<StoredReport[]> {
    const rows = await this.c.query<ReportRow>(
      `SELECT ${reportColumns} FROM reports WHERE $1::text IS NULL OR status = $1 ORDER BY rowid LIMIT $2`,
      [options.status ?? null, options.limit ?? 100],
    );
    return rows.map(reportOf);
  }

  async photo(id: string): Promise<{ type: string; bytes: Uint8Array } | undefined> {
    const [row] = await this.c.query<{ type: string; bytes: Buffer }>(
      'SELECT p.type, p.bytes FROM report_photos p JOIN reports r ON r.rowid = p.report_rowid WHERE r.id = $1',
      [id],
    );
    return row === undefined ? undefined : { type: row.type, bytes: new Uint8Array(row.bytes) };
  }

  async decide(d: ReportDecision): Promise<boolean> {
    const status = statusAfter[d.decision];
    return this.c.write('reports', async (c) => {
      const changed = await c.query('UPDATE reports SET status = $1 WHERE id = $2 RETURNING 1', [
        status,
        d.reportId,
      ]);
      if (changed.length === 0) return false;
      await c.query(
        `INSERT INTO report_decisions (${decisionColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          d.reportId,
          d.moderator,
          d.decision,
          d.reason,
          d.at,
          d.mergedInto?.kind ?? null,
          d.mergedInto?.id ?? null,
        ],
      );
      return true;
    });
  }

  async decisions(reportId: string): Promise<ReportDecision[]> {
    const rows = await this.c.query<DecisionRow>(
      `SELECT ${decisionColumns} FROM report_decisions WHERE report_id = $1 ORDER BY rowid`,
      [reportId],
    );
    return rows.map(decisionOf);
  }

  async accepted(box: BoundingBox, limit: number): Promise<AcceptedReport[]> {
    const rows = await this.c.query<AcceptedRow>(
      acceptedSql((n) => `$${n}`),
      [box.south, box.north, box.west, box.east, limit],
    );
    return rows.map(acceptedOf);
  }

  async count(status?: ReportStatus): Promise<number> {
    const [row] = await this.c.query<{ n: number }>(
      'SELECT count(*) AS n FROM reports WHERE $1::text IS NULL OR status = $1',
      [status ?? null],
    );
    return row?.n ?? 0;
  }
}

/** Moderators' accounts in PostgreSQL; their writes move the `reports` area, as in SQLite. */
export class PgModerators implements ModeratorRepository {
  constructor(private readonly c: PgConn) {}

  async add(m: Omit<Moderator, 'failedLogins' | 'lockedUntil'>): Promise<boolean> {
    const rows = await this.c.write('reports', (c) =>
      c.query(
        `INSERT INTO moderators (name, role, password_hash, created_day) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING RETURNING 1`,
        [m.name, m.role, m.passwordHash, m.createdDay],
      ),
    );
    return rows.length > 0;
  }

  async get(name: string): Promise<Moderator | undefined> {
    const [row] = await this.c.query<ModeratorRow>('SELECT * FROM moderators WHERE name = $1', [
      name,
    ]);
    return row === undefined ? undefined : moderatorOf(row);
  }

  async list(): Promise<Omit<Moderator, 'passwordHash'>[]> {
    const rows = await this.c.query<ModeratorRow>('SELECT * FROM moderators ORDER BY name');
    return rows.map(listedModerator);
  }

  async setLoginState(name: string, failedLogins: number, lockedUntil?: string): Promise<void> {
    await this.c.write('reports', (c) =>
      c.query('UPDATE moderators SET failed_logins = $1, locked_until = $2 WHERE name = $3', [
        failedLogins,
        lockedUntil ?? null,
        name,
      ]),
    );
  }
}
