// Rows of the sites tables (migration 15) turned back into records, for SQLite and PostgreSQL.
import type { Agent, AgentUpload, Site, UploadChanges } from './site-types.js';

export interface SiteRow {
  id: number;
  name: string;
  ranges_json: string;
  created_at: string;
}

export interface AgentRow {
  id: number;
  site_id: number;
  name: string;
  enrolled_at: string;
  last_seen_at: string;
  every_s: number | null;
  revoked_at: string | null;
}

export interface UploadRow {
  agent_id: number;
  upload_id: string;
  scan_id: number | null;
  received_at: string;
  result_json: string;
  changes_json: string | null;
}

/** The agents' columns (never the token's hash). */
export const agentColumns = 'id, site_id, name, enrolled_at, last_seen_at, every_s, revoked_at';
export const uploadColumns = 'agent_id, upload_id, scan_id, received_at, result_json, changes_json';

/** The sites' and agents' columns of one joined row, the agent's prefixed `a_`. */
export const siteAgentColumns =
  's.id, s.name, s.ranges_json, s.created_at, a.id AS a_id, a.site_id AS a_site_id, a.name AS a_name, a.enrolled_at AS a_enrolled_at, a.last_seen_at AS a_last_seen_at, a.every_s AS a_every_s, a.revoked_at AS a_revoked_at';

export type SiteAgentRow = SiteRow & { [K in keyof AgentRow as `a_${K}`]: AgentRow[K] };

export function siteOf(r: SiteRow): Site {
  return {
    id: r.id,
    name: r.name,
    ranges: JSON.parse(r.ranges_json) as string[],
    createdAt: r.created_at,
  };
}

export function agentOf(r: AgentRow): Agent {
  return {
    id: r.id,
    siteId: r.site_id,
    name: r.name,
    enrolledAt: r.enrolled_at,
    lastSeenAt: r.last_seen_at,
    ...(r.every_s === null ? {} : { every: r.every_s }),
    ...(r.revoked_at === null ? {} : { revokedAt: r.revoked_at }),
  };
}

/** A joined site-and-agent row as both records. */
export function siteAgentOf(r: SiteAgentRow): { site: Site; agent: Agent } {
  return {
    site: siteOf(r),
    agent: agentOf({
      id: r.a_id,
      site_id: r.a_site_id,
      name: r.a_name,
      enrolled_at: r.a_enrolled_at,
      last_seen_at: r.a_last_seen_at,
      every_s: r.a_every_s,
      revoked_at: r.a_revoked_at,
    }),
  };
}

export function uploadOf(r: UploadRow): AgentUpload {
  return {
    agentId: r.agent_id,
    uploadId: r.upload_id,
    ...(r.scan_id === null ? {} : { scanId: r.scan_id }),
    receivedAt: r.received_at,
    result: JSON.parse(r.result_json) as unknown,
    ...(r.changes_json === null ? {} : { changes: JSON.parse(r.changes_json) as UploadChanges }),
  };
}

/** An upload's values in the order of `uploadColumns`, with its site after them. */
export function uploadValues(u: AgentUpload): unknown[] {
  return [
    u.agentId,
    u.uploadId,
    u.scanId ?? null,
    u.receivedAt,
    JSON.stringify(u.result),
    u.changes === undefined ? null : JSON.stringify(u.changes),
  ];
}
