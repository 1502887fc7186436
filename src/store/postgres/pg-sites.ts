// Sites, enrollment codes, agents and their uploads in PostgreSQL (migration 15), as SQLite keeps
// them. Racing enrollments with one code and racing pushes of one upload id are settled by the
// database: a conditional UPDATE of the code, a unique (agent, upload id).
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
import type { PgConn } from './pg-conn.js';

const siteAgentSql = `SELECT ${siteAgentColumns} FROM agents a JOIN sites s ON s.id = a.site_id`;

/** Sites and their agents in PostgreSQL; area `sites`. */
export class PgSites implements SiteRepository {
  constructor(private readonly c: PgConn) {}

  async add(site: Omit<Site, 'id'>): Promise<Site | undefined> {
    const rows = await this.c.write('sites', (c) =>
      c.query<{ id: number }>(
        'INSERT INTO sites (name, ranges_json, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING id',
        [site.name, JSON.stringify(site.ranges), site.createdAt],
      ),
    );
    const [row] = rows;
    return row === undefined ? undefined : { id: row.id, ...site };
  }

  async get(name: string): Promise<Site | undefined> {
    const [row] = await this.c.query<SiteRow>('SELECT * FROM sites WHERE name = $1', [name]);
    return row === undefined ? undefined : siteOf(row);
  }

  async list(): Promise<Site[]> {
    return (await this.c.query<SiteRow>('SELECT * FROM sites ORDER BY name')).map(siteOf);
  }

  async addCode(siteId: number, codeSha256: string, expiresAt: string): Promise<void> {
    await this.c.write('sites', (c) =>
      c.query(
        'INSERT INTO enrollment_codes (code_sha256, site_id, expires_at) VALUES ($1, $2, $3)',
        [codeSha256, siteId, expiresAt],
      ),
    );
  }

  async enroll(
    codeSha256: string,
    now: string,
    agent: { name: string; tokenSha256: string },
  ): Promise<{ site: Site; agent: Agent } | undefined> {
    return this.c.write('sites', async (c) => {
      // The row lock makes a racing UPDATE wait, then find used_at set: one of them enrolls.
      const [used] = await c.query<{ site_id: number }>(
        'UPDATE enrollment_codes SET used_at = $1 WHERE code_sha256 = $2 AND used_at IS NULL AND expires_at > $1 RETURNING site_id',
        [now, codeSha256],
      );
      if (used === undefined) return undefined;
      const [added] = await c.query<{ id: number }>(
        'INSERT INTO agents (site_id, name, token_sha256, enrolled_at, last_seen_at) VALUES ($1, $2, $3, $4, $4) RETURNING id',
        [used.site_id, agent.name, agent.tokenSha256, now],
      );
      const [row] = await c.query<SiteAgentRow>(`${siteAgentSql} WHERE a.id = $1`, [added?.id]);
      return row === undefined ? undefined : siteAgentOf(row);
    });
  }

  async agentByToken(tokenSha256: string): Promise<{ site: Site; agent: Agent } | undefined> {
    const [row] = await this.c.query<SiteAgentRow>(`${siteAgentSql} WHERE a.token_sha256 = $1`, [
      tokenSha256,
    ]);
    return row === undefined ? undefined : siteAgentOf(row);
  }

  async agents(siteId?: number): Promise<Agent[]> {
    const rows =
      siteId === undefined
        ? await this.c.query<AgentRow>(`SELECT ${agentColumns} FROM agents ORDER BY id`)
        : await this.c.query<AgentRow>(
            `SELECT ${agentColumns} FROM agents WHERE site_id = $1 ORDER BY id`,
            [siteId],
          );
    return rows.map(agentOf);
  }

  async revoke(agentId: number, at: string): Promise<boolean> {
    const rows = await this.c.write('sites', (c) =>
      c.query(
        'UPDATE agents SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING id',
        [at, agentId],
      ),
    );
    return rows.length > 0;
  }

  async seen(agentId: number, at: string, every?: number): Promise<void> {
    await this.c.write('sites', (c) =>
      c.query('UPDATE agents SET last_seen_at = $1, every_s = $2 WHERE id = $3', [
        at,
        every ?? null,
        agentId,
      ]),
    );
  }

  async upload(agentId: number, uploadId: string): Promise<AgentUpload | undefined> {
    const [row] = await this.c.query<UploadRow>(
      `SELECT ${uploadColumns} FROM agent_uploads WHERE agent_id = $1 AND upload_id = $2`,
      [agentId, uploadId],
    );
    return row === undefined ? undefined : uploadOf(row);
  }

  async saveUpload(upload: AgentUpload): Promise<boolean> {
    // A racing insert of the same id waits for the other transaction, then does nothing.
    const rows = await this.c.write('sites', (c) =>
      c.query(
        `INSERT INTO agent_uploads (${uploadColumns}, site_id)
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT site_id FROM agents WHERE id = $1))
         ON CONFLICT (agent_id, upload_id) DO NOTHING RETURNING id`,
        uploadValues(upload),
      ),
    );
    return rows.length > 0;
  }

  async uploads(siteId: number, limit: number): Promise<AgentUpload[]> {
    const rows = await this.c.query<UploadRow>(
      `SELECT ${uploadColumns} FROM agent_uploads WHERE site_id = $1 AND scan_id IS NOT NULL ORDER BY id DESC LIMIT $2`,
      [siteId, limit],
    );
    return rows.map(uploadOf);
  }
}
