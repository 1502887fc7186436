// Saved app audits in PostgreSQL: one row per audit, the SDK ids beside it for "apps seen with".
import type { AppScanRepository, AppScanSummary, NewAppScan } from '../store.js';
import { appScanColumns, appScanSummaryOf, type AppScanRow } from '../rows.js';
import type { PgConn } from './pg-conn.js';

/** Saved app audits in PostgreSQL. */
export class PgApps implements AppScanRepository {
  constructor(private readonly c: PgConn) {}

  async save(scan: NewAppScan): Promise<AppScanSummary> {
    const id = await this.c.write('apps', async (c) => {
      const [row] = await c.query<{ id: number }>(
        `INSERT INTO app_scans (scanned_at, file, sha256, package, version_code, version_name, sdk_count, prc_sdk_count, report_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          scan.scannedAt,
          scan.file,
          scan.sha256,
          scan.package ?? null,
          scan.versionCode ?? null,
          scan.versionName ?? null,
          scan.sdkCount,
          scan.prcSdkCount,
          JSON.stringify(scan.report),
        ],
      );
      const scanId = row?.id ?? 0;
      const sdkIds = [...new Set(scan.sdkIds)];
      if (sdkIds.length > 0)
        await c.query(
          'INSERT INTO app_scan_sdks (scan_id, sdk_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
          [scanId, sdkIds],
        );
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
    const rows = await this.c.query<AppScanRow>(
      `SELECT ${appScanColumns} FROM app_scans WHERE id < $1
       AND ($2::text IS NULL OR package = $2)
       AND ($3::text IS NULL OR sha256 = $3)
       AND ($4::text IS NULL OR id IN (SELECT scan_id FROM app_scan_sdks WHERE sdk_id = $4))
       ORDER BY id DESC LIMIT $5`,
      [
        options.beforeId ?? Number.MAX_SAFE_INTEGER,
        options.package ?? null,
        options.sha256 ?? null,
        options.sdk ?? null,
        options.limit ?? 100,
      ],
    );
    return rows.map(appScanSummaryOf);
  }

  async sdkCounts(): Promise<Map<string, number>> {
    const rows = await this.c.query<{ sdk_id: string; n: number }>(
      'SELECT sdk_id, count(*)::int AS n FROM app_scan_sdks GROUP BY sdk_id',
    );
    return new Map(rows.map((r) => [r.sdk_id, r.n]));
  }

  async get(id: number): Promise<{ summary: AppScanSummary; report: unknown } | undefined> {
    const [row] = await this.c.query<AppScanRow & { report_json: string }>(
      `SELECT ${appScanColumns}, report_json FROM app_scans WHERE id = $1`,
      [id],
    );
    return row === undefined
      ? undefined
      : { summary: appScanSummaryOf(row), report: JSON.parse(row.report_json) as unknown };
  }

  async delete(id: number): Promise<boolean> {
    const rows = await this.c.write('apps', (c) =>
      c.query('DELETE FROM app_scans WHERE id = $1 RETURNING id', [id]),
    );
    return rows.length > 0;
  }
}
