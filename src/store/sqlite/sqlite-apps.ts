import type { AppScanRepository, AppScanSummary, NewAppScan } from '../store.js';
import {
  appScanColumns as columns,
  appScanSummaryOf as toSummary,
  type AppScanRow,
} from '../rows.js';
import type { SqliteConn } from './sqlite-lock.js';

/** Saved app audits in SQLite: one row per scan, the SDK ids beside it for "apps seen with". */
export class SqliteApps implements AppScanRepository {
  constructor(private readonly c: SqliteConn) {}

  async save(scan: NewAppScan): Promise<AppScanSummary> {
    const report = JSON.stringify(scan.report);
    const id = await this.c.write('apps', () => {
      const info = this.c.db
        .prepare(
          `INSERT INTO app_scans (scanned_at, file, sha256, package, version_code, version_name, sdk_count, prc_sdk_count, report_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          scan.scannedAt,
          scan.file,
          scan.sha256,
          scan.package ?? null,
          scan.versionCode ?? null,
          scan.versionName ?? null,
          scan.sdkCount,
          scan.prcSdkCount,
          report,
        );
      const scanId = Number(info.lastInsertRowid);
      const sdk = this.c.db.prepare(
        'INSERT OR IGNORE INTO app_scan_sdks (scan_id, sdk_id) VALUES (?, ?)',
      );
      for (const s of scan.sdkIds) sdk.run(scanId, s);
      return scanId;
    });
    const { sdkIds: _ids, report: _report, ...summary } = scan;
    return { id, ...summary };
  }

  async list(
    options: {
      package?: string;
      sdk?: string;
      sha256?: string;
      limit?: number;
      beforeId?: number;
    } = {},
  ): Promise<AppScanSummary[]> {
    const where = ['id < ?'];
    const args: (string | number)[] = [options.beforeId ?? Number.MAX_SAFE_INTEGER];
    if (options.package !== undefined) {
      where.push('package = ?');
      args.push(options.package);
    }
    if (options.sha256 !== undefined) {
      where.push('sha256 = ?');
      args.push(options.sha256);
    }
    if (options.sdk !== undefined) {
      where.push('id IN (SELECT scan_id FROM app_scan_sdks WHERE sdk_id = ?)');
      args.push(options.sdk);
    }
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT ${columns} FROM app_scans WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
          )
          .all(...args, options.limit ?? 100) as AppScanRow[],
    );
    return rows.map(toSummary);
  }

  async sdkCounts(): Promise<Map<string, number>> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare('SELECT sdk_id, COUNT(*) AS n FROM app_scan_sdks GROUP BY sdk_id')
          .all() as { sdk_id: string; n: number }[],
    );
    return new Map(rows.map((r) => [r.sdk_id, r.n]));
  }

  async get(id: number): Promise<{ summary: AppScanSummary; report: unknown } | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db.prepare(`SELECT ${columns}, report_json FROM app_scans WHERE id = ?`).get(id) as
          (AppScanRow & { report_json: string }) | undefined,
    );
    return row === undefined
      ? undefined
      : { summary: toSummary(row), report: JSON.parse(row.report_json) as unknown };
  }

  async delete(id: number): Promise<boolean> {
    const info = await this.c.write('apps', () =>
      this.c.db.prepare('DELETE FROM app_scans WHERE id = ?').run(id),
    );
    return info.changes > 0;
  }
}
