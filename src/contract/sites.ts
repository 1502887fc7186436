// Sites and their scan agents (pure, zod): enrollment, pushed results and the Sites view.
//
// An admin creates a site with the address ranges it may report (`sousveil sites add NAME
// --range CIDR…`), which prints a one-time enrollment code. An agent at the site trades the code
// for its own token (`POST /agent/enroll`), then pushes each scan with that token as
// `Authorization: Bearer …` and an upload id of its own (`POST /agent/results`); the server keeps
// only a hash of the token, refuses a revoked one (401) and any host or target outside the
// site's ranges (422), and saves an upload id once (the same id again answers the first result).
import { z } from 'zod';
import { UploadResult } from './scans.js';

/** `POST /api/v1/agent/enroll` body. */
export const EnrollRequest = z.object({
  /** The one-time code `sousveil sites add` or `sousveil sites code` printed. */
  code: z.string().min(1).max(200),
  /** How the agent calls itself (host name by default), shown in the Sites view. */
  name: z.string().min(1).max(100),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

/** What an enrollment gives the agent; the token is shown this once and never again. */
export const EnrollResult = z.object({
  agentId: z.number().int(),
  site: z.string(),
  /** The ranges (CIDR) the site may report; the agent checks its targets against them too. */
  ranges: z.array(z.string()),
  /** The agent's bearer token. The server keeps only its SHA-256. */
  token: z.string(),
});
export type EnrollResult = z.infer<typeof EnrollResult>;

/**
 * `POST /api/v1/agent/results?uploadId=ID&every=SECONDS` answer. The body is the scan as
 * `sousveil net scan --json` writes it. `uploadId` (8–100 of `[A-Za-z0-9_-]`) is made by the
 * agent when the scan finishes and kept with the queued result; `every` is the agent's schedule,
 * used to tell when it went silent.
 */
export const AgentUploadResult = UploadResult.extend({
  site: z.string(),
  uploadId: z.string(),
});
export type AgentUploadResult = z.infer<typeof AgentUploadResult>;

export const SiteAgent = z.object({
  id: z.number().int(),
  name: z.string(),
  enrolledAt: z.string(),
  /** The last time it pushed a result (or enrolled, before its first). */
  lastSeenAt: z.string(),
  /** Seconds between its scans, as it last said; absent when it runs once. */
  every: z.number().int().exactOptional(),
  revokedAt: z.string().exactOptional(),
  /** Not heard from for more than twice its schedule (24 h when it has none), and not revoked. */
  silent: z.boolean(),
});
export type SiteAgent = z.infer<typeof SiteAgent>;

/** One site in the Sites view. */
export const SiteSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  ranges: z.array(z.string()),
  createdAt: z.string(),
  agents: z.array(SiteAgent),
  /** The site's newest pushed scan, if any. */
  lastReport: z
    .object({
      scanId: z.number().int(),
      agentId: z.number().int(),
      receivedAt: z.string(),
      hosts: z.number().int(),
      covered: z.number().int(),
    })
    .exactOptional(),
  /** The newest scan compared with the one before it from this site (by host address). */
  changes: z
    .object({
      since: z.number().int(),
      appeared: z.number().int(),
      disappeared: z.number().int(),
      changed: z.number().int(),
    })
    .exactOptional(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;
export const SiteList = z.array(SiteSummary);
