// Scans and their hosts in PostgreSQL, verdicts packed with their repeated parts as in SQLite.
import type { PackedHost, RetentionRule, ScanHost, ScanRepository, ScanSummary } from '../store.js';
import { scanHostOf, scanSummaryOf, type HostRow, type ScanRow } from '../rows.js';
import { VerdictParts } from '../verdict-parts.js';
import type { PgConn } from './pg-conn.js';

const selectScan = `SELECT s.*, (SELECT count(*) FROM scan_hosts h WHERE h.scan_id = s.id)::int AS host_count FROM scans s`;

/** Hosts per INSERT statement: 11 parameters each, under PostgreSQL's 65,535. */
const hostsPerStatement = 1000;

/** Scans and their hosts in PostgreSQL. */
export class PgScans implements ScanRepository {
  /** The repeated parts of the scan last written to, carried from batch to batch. */
  #packing: { scanId: number; parts: VerdictParts } | undefined;

  constructor(private readonly c: PgConn) {}

  async create(scan: {
    kind: ScanSummary['kind'];
    startedAt: string;
    params: unknown;
  }): Promise<ScanSummary> {
    const [row] = await this.c.write('scans', (c) =>
      c.query<{ id: number }>(
        'INSERT INTO scans (kind, started_at, params_json) VALUES ($1, $2, $3) RETURNING id',
        [scan.kind, scan.startedAt, JSON.stringify(scan.params)],
      ),
    );
    return {
      id: Number(row?.id),
      kind: scan.kind,
      startedAt: scan.startedAt,
      params: scan.params,
      hostCount: 0,
    };
  }

  async addHosts(scanId: number, hosts: readonly ScanHost[]): Promise<void> {
    await this.c.write('scans', async (c) => {
      const parts = await this.#partsOf(c, scanId);
      const used = new Map<number, string>();
      const packed = hosts.map(({ verdict, ...h }): PackedHost => ({
        ...h,
        verdictJson: parts.pack(verdict, used),
      }));
      await insert(c, scanId, packed, used);
    });
  }

  async addPackedHosts(
    scanId: number,
    hosts: readonly PackedHost[],
    parts: ReadonlyArray<readonly [number, string]>,
  ): Promise<void> {
    await this.c.write('scans', (c) => insert(c, scanId, hosts, parts));
  }

  async #partsOf(c: PgConn, scanId: number): Promise<VerdictParts> {
    if (this.#packing?.scanId !== scanId) {
      const stored = await c.query<{ part: number; json: string }>(
        'SELECT part, json FROM scan_parts WHERE scan_id = $1',
        [scanId],
      );
      this.#packing = { scanId, parts: new VerdictParts(stored) };
    }
    return this.#packing.parts;
  }

  async finish(scanId: number, finishedAt: string, summary: unknown): Promise<void> {
    await this.c.write('scans', (c) =>
      c.query('UPDATE scans SET finished_at = $1, summary_json = $2 WHERE id = $3', [
        finishedAt,
        JSON.stringify(summary),
        scanId,
      ]),
    );
  }

  async list(options: { limit?: number; beforeId?: number } = {}): Promise<ScanSummary[]> {
    const rows = await this.c.query<ScanRow>(
      `${selectScan} WHERE s.id < $1 ORDER BY s.id DESC LIMIT $2`,
      [options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit ?? 100],
    );
    return rows.map(scanSummaryOf);
  }

  async get(scanId: number): Promise<ScanSummary | undefined> {
    const [row] = await this.c.query<ScanRow>(`${selectScan} WHERE s.id = $1`, [scanId]);
    return row ? scanSummaryOf(row) : undefined;
  }

  async hosts(
    scanId: number,
    filter: { maker?: string; covered?: boolean } = {},
  ): Promise<ScanHost[]> {
    // One transaction, so the parts and the hosts are read from the same snapshot.
    return this.c.transaction(async (c) => {
      const parts = new Map(
        (
          await c.query<{ part: number; json: string }>(
            'SELECT part, json FROM scan_parts WHERE scan_id = $1',
            [scanId],
          )
        ).map((p) => [p.part, p.json]),
      );
      const rows = await c.query<HostRow>(
        `SELECT * FROM scan_hosts WHERE scan_id = $1 AND ($2::text IS NULL OR maker = $2)
         AND ($3::boolean IS NULL OR covered = $3) ORDER BY address`,
        [scanId, filter.maker ?? null, filter.covered ?? null],
      );
      return rows.map((r) => scanHostOf(r, parts));
    });
  }

  async delete(scanId: number): Promise<boolean> {
    const rows = await this.c.write('scans', (c) =>
      c.query('DELETE FROM scans WHERE id = $1 RETURNING id', [scanId]),
    );
    return rows.length > 0;
  }

  async prune(rule: RetentionRule): Promise<number> {
    const rows = await this.c.write('scans', (c) =>
      c.query(
        `DELETE FROM scans WHERE ($1::int IS NOT NULL AND id NOT IN (SELECT id FROM scans ORDER BY id DESC LIMIT $1))
         OR ($2::text IS NOT NULL AND started_at < $2) RETURNING id`,
        [rule.keepScans ?? null, rule.startedBefore ?? null],
      ),
    );
    return rows.length;
  }
}

/** Inserts hosts (replacing any of the same address) with the parts they reference. */
async function insert(
  c: PgConn,
  scanId: number,
  hosts: readonly PackedHost[],
  parts: Iterable<readonly [number, string]>,
): Promise<void> {
  // One statement may not touch a row twice: the last of an address wins, as REPLACE does.
  const unique = [...new Map(hosts.map((h) => [h.address, h])).values()];
  for (let i = 0; i < unique.length; i += hostsPerStatement) {
    const batch = unique.slice(i, i + hostsPerStatement);
    const params: unknown[] = [];
    const values = batch.map((h) => {
      const at = params.length;
      params.push(
        scanId,
        h.address,
        h.mac ?? null,
        h.maker ?? null,
        h.brand ?? null,
        h.model ?? null,
        h.firmware ?? null,
        h.deviceType ?? null,
        h.confidence ?? null,
        h.covered,
        h.verdictJson,
      );
      return `(${Array.from({ length: 11 }, (_, k) => `$${String(at + k + 1)}`).join(', ')})`;
    });
    await c.query(
      `INSERT INTO scan_hosts (scan_id, address, mac, maker, brand, model, firmware, device_type, confidence, covered, verdict_json)
       VALUES ${values.join(', ')}
       ON CONFLICT (scan_id, address) DO UPDATE SET mac = excluded.mac, maker = excluded.maker,
         brand = excluded.brand, model = excluded.model, firmware = excluded.firmware,
         device_type = excluded.device_type, confidence = excluded.confidence,
         covered = excluded.covered, verdict_json = excluded.verdict_json`,
      params,
    );
  }
  for (const [part, json] of parts)
    await c.query(
      'INSERT INTO scan_parts (scan_id, part, json) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [scanId, part, json],
    );
}
