import type { FirmwareScanRepository, FirmwareScanSummary, NewFirmwareScan } from '../store.js';
import {
  firmwareColumns as columns,
  firmwareSummaryOf as toSummary,
  firmwareValues,
  type FirmwareScanRow,
} from '../report-rows.js';
import type { SqliteConn } from './sqlite-lock.js';

/** Saved firmware audits in SQLite (migration 6): one row per image, its models beside it. */
export class SqliteFirmware implements FirmwareScanRepository {
  constructor(private readonly c: SqliteConn) {}

  async save(scan: NewFirmwareScan): Promise<FirmwareScanSummary> {
    const report = JSON.stringify(scan.report);
    const id = await this.c.write('firmware', () => {
      const info = this.c.db
        .prepare(
          `INSERT INTO firmware_scans (scanned_at, file, sha256, container, maker, brand, version, build_date,
             affected_count, kev_count, indicator_count, component_count, report_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...firmwareValues(scan), report);
      const scanId = Number(info.lastInsertRowid);
      const model = this.c.db.prepare(
        'INSERT OR IGNORE INTO firmware_scan_models (scan_id, model) VALUES (?, ?)',
      );
      for (const m of scan.models) model.run(scanId, m);
      return scanId;
    });
    const { models: _models, report: _report, ...summary } = scan;
    return { id, ...summary };
  }

  async list(
    options: { maker?: string; model?: string; limit?: number; beforeId?: number } = {},
  ): Promise<FirmwareScanSummary[]> {
    const where = ['id < ?'];
    const args: (string | number)[] = [options.beforeId ?? Number.MAX_SAFE_INTEGER];
    if (options.maker !== undefined) {
      where.push('maker = ?');
      args.push(options.maker);
    }
    if (options.model !== undefined) {
      where.push('id IN (SELECT scan_id FROM firmware_scan_models WHERE model = ?)');
      args.push(options.model);
    }
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT ${columns} FROM firmware_scans WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
          )
          .all(...args, options.limit ?? 100) as FirmwareScanRow[],
    );
    return rows.map(toSummary);
  }

  async get(id: number): Promise<{ summary: FirmwareScanSummary; report: unknown } | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db
          .prepare(`SELECT ${columns}, report_json FROM firmware_scans WHERE id = ?`)
          .get(id) as (FirmwareScanRow & { report_json: string }) | undefined,
    );
    return row === undefined
      ? undefined
      : { summary: toSummary(row), report: JSON.parse(row.report_json) as unknown };
  }

  async delete(id: number): Promise<boolean> {
    const info = await this.c.write('firmware', () =>
      this.c.db.prepare('DELETE FROM firmware_scans WHERE id = ?').run(id),
    );
    return info.changes > 0;
  }
}
