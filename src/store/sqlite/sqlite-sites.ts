import type { Agent, AgentUpload, Site, SiteRepository } from '../site-types.js';
import {
  agentColumns,
  agentOf,
  siteAgentColumns,
  siteAgentOf,
  siteOf,
  uploadColumns,
  uploadOf,
  uploadValues,
  type AgentRow,
  type SiteAgentRow,
  type SiteRow,
  type UploadRow,
} from '../site-rows.js';
import type { SqliteConn } from './sqlite-lock.js';

/** Sites, enrollment codes, agents and their uploads in SQLite (migration 15); area `sites`. */
export class SqliteSites implements SiteRepository {
  constructor(private readonly c: SqliteConn) {}

  async add(site: Omit<Site, 'id'>): Promise<Site | undefined> {
    const info = await this.c.write('sites', () =>
      this.c.db
        .prepare('INSERT OR IGNORE INTO sites (name, ranges_json, created_at) VALUES (?, ?, ?)')
        .run(site.name, JSON.stringify(site.ranges), site.createdAt),
    );
    return info.changes === 0 ? undefined : { id: Number(info.lastInsertRowid), ...site };
  }

  async get(name: string): Promise<Site | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db.prepare('SELECT * FROM sites WHERE name = ?').get(name) as SiteRow | undefined,
    );
    return row === undefined ? undefined : siteOf(row);
  }

  async list(): Promise<Site[]> {
    const rows = await this.c.read(
      () => this.c.db.prepare('SELECT * FROM sites ORDER BY name').all() as SiteRow[],
    );
    return rows.map(siteOf);
  }

  async addCode(siteId: number, codeSha256: string, expiresAt: string): Promise<void> {
    await this.c.write('sites', () =>
      this.c.db
        .prepare('INSERT INTO enrollment_codes (code_sha256, site_id, expires_at) VALUES (?, ?, ?)')
        .run(codeSha256, siteId, expiresAt),
    );
  }

  async enroll(
    codeSha256: string,
    now: string,
    agent: { name: string; tokenSha256: string },
  ): Promise<{ site: Site; agent: Agent } | undefined> {
    return this.c.write('sites', () => {
      // One UPDATE marks the code used only if it was not: of two racing, one gets the row.
      const used = this.c.db
        .prepare(
          'UPDATE enrollment_codes SET used_at = ? WHERE code_sha256 = ? AND used_at IS NULL AND expires_at > ? RETURNING site_id',
        )
        .get(now, codeSha256, now) as { site_id: number } | undefined;
      if (used === undefined) return undefined;
      const info = this.c.db
        .prepare(
          'INSERT INTO agents (site_id, name, token_sha256, enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(used.site_id, agent.name, agent.tokenSha256, now, now);
      return this.#siteAgent('a.id = ?', Number(info.lastInsertRowid));
    });
  }

  async agentByToken(tokenSha256: string): Promise<{ site: Site; agent: Agent } | undefined> {
    return this.c.read(() => this.#siteAgent('a.token_sha256 = ?', tokenSha256));
  }

  #siteAgent(where: string, value: unknown): { site: Site; agent: Agent } | undefined {
    const row = this.c.db
      .prepare(
        `SELECT ${siteAgentColumns} FROM agents a JOIN sites s ON s.id = a.site_id WHERE ${where}`,
      )
      .get(value) as SiteAgentRow | undefined;
    return row === undefined ? undefined : siteAgentOf(row);
  }

  async agents(siteId?: number): Promise<Agent[]> {
    const rows = await this.c.read(() =>
      siteId === undefined
        ? (this.c.db.prepare(`SELECT ${agentColumns} FROM agents ORDER BY id`).all() as AgentRow[])
        : (this.c.db
            .prepare(`SELECT ${agentColumns} FROM agents WHERE site_id = ? ORDER BY id`)
            .all(siteId) as AgentRow[]),
    );
    return rows.map(agentOf);
  }

  async revoke(agentId: number, at: string): Promise<boolean> {
    const info = await this.c.write('sites', () =>
      this.c.db
        .prepare('UPDATE agents SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?')
        .run(at, agentId),
    );
    return info.changes > 0;
  }

  async seen(agentId: number, at: string, every?: number): Promise<void> {
    await this.c.write('sites', () =>
      this.c.db
        .prepare('UPDATE agents SET last_seen_at = ?, every_s = ? WHERE id = ?')
        .run(at, every ?? null, agentId),
    );
  }

  async upload(agentId: number, uploadId: string): Promise<AgentUpload | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT ${uploadColumns} FROM agent_uploads WHERE agent_id = ? AND upload_id = ?`,
          )
          .get(agentId, uploadId) as UploadRow | undefined,
    );
    return row === undefined ? undefined : uploadOf(row);
  }

  async saveUpload(upload: AgentUpload): Promise<boolean> {
    const info = await this.c.write('sites', () =>
      this.c.db
        .prepare(
          `INSERT INTO agent_uploads (${uploadColumns}, site_id)
           VALUES (?, ?, ?, ?, ?, ?, (SELECT site_id FROM agents WHERE id = ?))
           ON CONFLICT (agent_id, upload_id) DO NOTHING`,
        )
        .run(...uploadValues(upload), upload.agentId),
    );
    return info.changes > 0;
  }

  async uploads(siteId: number, limit: number): Promise<AgentUpload[]> {
    const rows = await this.c.read(
      () =>
        this.c.db
          .prepare(
            `SELECT ${uploadColumns} FROM agent_uploads WHERE site_id = ? AND scan_id IS NOT NULL ORDER BY id DESC LIMIT ?`,
          )
          .all(siteId, limit) as UploadRow[],
    );
    return rows.map(uploadOf);
  }
}
