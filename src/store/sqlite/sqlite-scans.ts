import type { PackedHost, RetentionRule, ScanHost, ScanRepository, ScanSummary } from '../store.js';
import type { SqliteConn } from './sqlite-lock.js';
import { unpackVerdict, VerdictParts } from '../verdict-parts.js';

interface ScanRow {
  id: number;
  kind: ScanSummary['kind'];
  started_at: string;
  finished_at: string | null;
  params_json: string;
  summary_json: string | null;
  host_count: number;
}

interface HostRow {
  address: string;
  mac: string | null;
  maker: string | null;
  brand: string | null;
  model: string | null;
  firmware: string | null;
  device_type: string | null;
  confidence: string | null;
  covered: number;
  verdict_json: string;
}

const selectScan = `SELECT s.*, (SELECT count(*) FROM scan_hosts h WHERE h.scan_id = s.id) AS host_count FROM scans s`;

/** Scans and their hosts in SQLite. */
export class SqliteScans implements ScanRepository {
  /** The repeated parts of the scan last written to, carried from batch to batch. */
  #packing: { scanId: number; parts: VerdictParts } | undefined;

  constructor(private readonly c: SqliteConn) {}

  async create(scan: {
    kind: ScanSummary['kind'];
    startedAt: string;
    params: unknown;
  }): Promise<ScanSummary> {
    const params = JSON.stringify(scan.params);
    const info = await this.c.write('scans', () =>
      this.c.db
        .prepare('INSERT INTO scans (kind, started_at, params_json) VALUES (?, ?, ?)')
        .run(scan.kind, scan.startedAt, params),
    );
    return {
      id: Number(info.lastInsertRowid),
      kind: scan.kind,
      startedAt: scan.startedAt,
      params: scan.params,
      hostCount: 0,
    };
  }

  async addHosts(scanId: number, hosts: readonly ScanHost[]): Promise<void> {
    await this.c.write('scans', () => {
      const parts = this.#partsOf(scanId);
      const used = new Map<number, string>();
      const packed = hosts.map(({ verdict, ...h }): PackedHost => ({
        ...h,
        verdictJson: parts.pack(verdict, used),
      }));
      this.#insert(scanId, packed, used);
    });
  }

  async addPackedHosts(
    scanId: number,
    hosts: readonly PackedHost[],
    parts: ReadonlyArray<readonly [number, string]>,
  ): Promise<void> {
    await this.c.write('scans', () => this.#insert(scanId, hosts, parts));
  }

  /**
   * Inserts hosts with the parts they reference. Every batch stores its parts (again, if an
   * earlier batch was rolled back), so a saved host never points at a part that is not there.
   */
  #insert(
    scanId: number,
    hosts: readonly PackedHost[],
    parts: Iterable<readonly [number, string]>,
  ): void {
    const insert = this.c.db.prepare(
      `INSERT OR REPLACE INTO scan_hosts (scan_id, address, mac, maker, brand, model, firmware, device_type, confidence, covered, verdict_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertPart = this.c.db.prepare(
      'INSERT OR IGNORE INTO scan_parts (scan_id, part, json) VALUES (?, ?, ?)',
    );
    for (const h of hosts)
      insert.run(
        scanId,
        h.address,
        h.mac ?? null,
        h.maker ?? null,
        h.brand ?? null,
        h.model ?? null,
        h.firmware ?? null,
        h.deviceType ?? null,
        h.confidence ?? null,
        h.covered ? 1 : 0,
        h.verdictJson,
      );
    for (const [part, json] of parts) insertPart.run(scanId, part, json);
  }

  /** The repeated parts of `scanId`, read from the store when another scan was written last. */
  #partsOf(scanId: number): VerdictParts {
    if (this.#packing?.scanId !== scanId) {
      const stored = this.c.db
        .prepare('SELECT part, json FROM scan_parts WHERE scan_id = ?')
        .all(scanId) as Array<{ part: number; json: string }>;
      this.#packing = { scanId, parts: new VerdictParts(stored) };
    }
    return this.#packing.parts;
  }

  async finish(scanId: number, finishedAt: string, summary: unknown): Promise<void> {
    const json = JSON.stringify(summary);
    await this.c.write('scans', () =>
      this.c.db
        .prepare('UPDATE scans SET finished_at = ?, summary_json = ? WHERE id = ?')
        .run(finishedAt, json, scanId),
    );
  }

  async list(options: { limit?: number; beforeId?: number } = {}): Promise<ScanSummary[]> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(`${selectScan} WHERE s.id < ? ORDER BY s.id DESC LIMIT ?`)
          .all(options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit ?? 100) as ScanRow[],
    );
    return rows.map(toSummary);
  }

  async get(scanId: number): Promise<ScanSummary | undefined> {
    const row = await this.c.read(
      () => this.c.db.prepare(`${selectScan} WHERE s.id = ?`).get(scanId) as ScanRow | undefined,
    );
    return row ? toSummary(row) : undefined;
  }

  async hosts(
    scanId: number,
    filter: { maker?: string; covered?: boolean } = {},
  ): Promise<ScanHost[]> {
    const { rows, parts } = await this.c.read(() => ({
      parts: new Map(
        (
          this.c.db
            .prepare('SELECT part, json FROM scan_parts WHERE scan_id = ?')
            .all(scanId) as Array<{ part: number; json: string }>
        ).map((p) => [p.part, p.json]),
      ),
      rows: this.c.db
        .prepare(
          `SELECT * FROM scan_hosts WHERE scan_id = ? AND (? IS NULL OR maker = ?) AND (? IS NULL OR covered = ?) ORDER BY address`,
        )
        .all(
          scanId,
          filter.maker ?? null,
          filter.maker ?? null,
          coveredParam(filter),
          coveredParam(filter),
        ) as HostRow[],
    }));
    return rows.map((r) => toHost(r, parts));
  }

  async delete(scanId: number): Promise<boolean> {
    // Hosts go with their scan (ON DELETE CASCADE).
    return this.c.write(
      'scans',
      () => this.c.db.prepare('DELETE FROM scans WHERE id = ?').run(scanId).changes > 0,
    );
  }

  async prune(rule: RetentionRule): Promise<number> {
    // Hosts go with their scan (ON DELETE CASCADE).
    return this.c.write(
      'scans',
      () =>
        this.c.db
          .prepare(
            `DELETE FROM scans WHERE id NOT IN (SELECT id FROM scans ORDER BY id DESC LIMIT ?)
             OR (? IS NOT NULL AND started_at < ?)`,
          )
          .run(rule.keepScans ?? -1, rule.startedBefore ?? null, rule.startedBefore ?? null)
          .changes,
    );
  }
}

function coveredParam(filter: { covered?: boolean }): number | null {
  return filter.covered === undefined ? null : filter.covered ? 1 : 0;
}

function toSummary(r: ScanRow): ScanSummary {
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

function toHost(r: HostRow, parts: ReadonlyMap<number, string>): ScanHost {
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
    covered: r.covered === 1,
    verdict: JSON.parse(unpackVerdict(r.verdict_json, parts)) as unknown,
  };
}
