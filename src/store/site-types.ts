// Sites, their scan agents, enrollment codes and the results agents pushed, as the store keeps
// them (see `src/contract/sites.ts` for the API's view). Codes and tokens are kept as SHA-256 only.

/** A site: a name and the address ranges (CIDR) its agents may report. */
export interface Site {
  id: number;
  name: string;
  ranges: string[];
  createdAt: string;
}

/** A scan agent enrolled at a site. */
export interface Agent {
  id: number;
  siteId: number;
  name: string;
  enrolledAt: string;
  /** Its last push (or its enrollment, before the first). */
  lastSeenAt: string;
  /** Seconds between its scans, as it last said. */
  every?: number;
  revokedAt?: string;
}

/** How the newest scan of a site compares with the one before it (counts of `diffScans`). */
export interface UploadChanges {
  since: number;
  appeared: number;
  disappeared: number;
  changed: number;
}

/** A result an agent pushed: saved once per (agent, upload id). */
export interface AgentUpload {
  agentId: number;
  uploadId: string;
  /** The scan it made; absent once that scan was deleted (the upload id stays known). */
  scanId?: number;
  receivedAt: string;
  /** The answer the first push was given, given again to a repeat. */
  result: unknown;
  changes?: UploadChanges;
}

export interface SiteRepository {
  /** Adds a site; undefined when the name is taken. */
  add(site: Omit<Site, 'id'>): Promise<Site | undefined>;
  get(name: string): Promise<Site | undefined>;
  /** Every site, by name. */
  list(): Promise<Site[]>;
  /** Saves an enrollment code (its SHA-256, hex) valid until `expiresAt` (ISO). */
  addCode(siteId: number, codeSha256: string, expiresAt: string): Promise<void>;
  /**
   * Uses a code and adds its agent in one transaction; undefined when the code is unknown, used or
   * expired at `now`. Two enrollments racing with one code give one agent.
   */
  enroll(
    codeSha256: string,
    now: string,
    agent: { name: string; tokenSha256: string },
  ): Promise<{ site: Site; agent: Agent } | undefined>;
  /** The agent holding this token (by its SHA-256, hex), revoked or not, with its site. */
  agentByToken(tokenSha256: string): Promise<{ site: Site; agent: Agent } | undefined>;
  /** Agents, by id; of one site when given. */
  agents(siteId?: number): Promise<Agent[]>;
  /** Revokes an agent (a second revocation keeps the first time); false when there is none. */
  revoke(agentId: number, at: string): Promise<boolean>;
  /** Records that the agent was heard from, and its schedule when it said one. */
  seen(agentId: number, at: string, every?: number): Promise<void>;
  /** The upload saved under this id by this agent, if any. */
  upload(agentId: number, uploadId: string): Promise<AgentUpload | undefined>;
  /** Saves an upload; false when the agent saved this upload id already (nothing written). */
  saveUpload(upload: AgentUpload): Promise<boolean>;
  /** A site's uploads whose scan is still saved, newest first; at most `limit`. */
  uploads(siteId: number, limit: number): Promise<AgentUpload[]>;
}
