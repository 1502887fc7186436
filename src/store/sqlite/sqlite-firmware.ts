import type { FirmwareScanRepository, FirmwareScanSummary, NewFirmwareScan } from '../store.js';
import type { SqliteConn } from './sqlite-lock.js';

interface FirmwareScanRow {
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

const columns =
  'id, scanned_at, file, sha256, container, maker, brand, version, build_date, affected_count, kev_count, indicator_count, component_count';

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
        .run(
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
          report,
        );
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

function toSummary(r: FirmwareScanRow): FirmwareScanSummary {
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
