// Saved firmware audits in PostgreSQL (migration 6): one row per image, its models beside it.
import {
  firmwareColumns,
  firmwareSummaryOf,
  firmwareValues,
  type FirmwareScanRow,
} from '../report-rows.js';
import type { FirmwareScanRepository, FirmwareScanSummary, NewFirmwareScan } from '../store.js';
import type { PgConn } from './pg-conn.js';

/** Saved firmware audits in PostgreSQL. */
export class PgFirmware implements FirmwareScanRepository {
  constructor(private readonly c: PgConn) {}

  async save(scan: NewFirmwareScan): Promise<FirmwareScanSummary> {
    const id = await this.c.write('firmware', async (c) => {
      const values = [...firmwareValues(scan), JSON.stringify(scan.report)];
      const [row] = await c.query<{ id: number }>(
        `INSERT INTO firmware_scans (${firmwareColumns.replace('id, ', '')}, report_json)
         VALUES (${values.map((_, i) => `$${String(i + 1)}`).join(', ')}) RETURNING id`,
        values,
      );
      const scanId = row?.id ?? 0;
      if (scan.models.length > 0)
        await c.query(
          'INSERT INTO firmware_scan_models (scan_id, model) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
          [scanId, [...new Set(scan.models)]],
        );
      return scanId;
    });
    const { models: _models, report: _report, ...summary } = scan;
    return { id, ...summary };
  }

  async list(
    options: { maker?: string; model?: string; limit?: number; beforeId?: number } = {},
  ): Promise<FirmwareScanSummary[]> {
    const rows = await this.c.query<FirmwareScanRow>(
      `SELECT ${firmwareColumns} FROM firmware_scans WHERE id < $1
       AND ($2::text IS NULL OR maker = $2)
       AND ($3::text IS NULL OR id IN (SELECT scan_id FROM firmware_scan_models WHERE model = $3))
       ORDER BY id DESC LIMIT $4`,
      [
        options.beforeId ?? Number.MAX_SAFE_INTEGER,
        options.maker ?? null,
        options.model ?? null,
        options.limit ?? 100,
      ],
    );
    return rows.map(firmwareSummaryOf);
  }

  async get(id: number): Promise<{ summary: FirmwareScanSummary; report: unknown } | undefined> {
    const [row] = await this.c.query<FirmwareScanRow & { report_json: string }>(
      `SELECT ${firmwareColumns}, report_json FROM firmware_scans WHERE id = $1`,
      [id],
    );
    return row === undefined
      ? undefined
      : { summary: firmwareSummaryOf(row), report: JSON.parse(row.report_json) as unknown };
  }

  async delete(id: number): Promise<boolean> {
    const rows = await this.c.write('firmware', (c) =>
      c.query('DELETE FROM firmware_scans WHERE id = $1 RETURNING id', [id]),
    );
    return rows.length > 0;
  }
}
