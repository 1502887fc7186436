// The Sites view (pure): each site with its agents (silent ones marked), its newest pushed report
// and how that report differs from the site's one before it.
import type { SiteAgent, SiteSummary } from '../contract/sites.js';
import type { Agent, AgentUpload, Site, SiteRepository, UploadChanges } from '../store/index.js';

/** An agent's silence limit: twice its schedule, or a day when it has none. */
const silentAfterS = (a: Agent): number => (a.every === undefined ? 86_400 : 2 * a.every);

/** Not heard from for longer than its limit at `now` (ISO); a revoked agent is never silent. */
export function isSilent(agent: Agent, now: string): boolean {
  if (agent.revokedAt !== undefined) return false;
  return Date.parse(now) - Date.parse(agent.lastSeenAt) > silentAfterS(agent) * 1000;
}

/** An agent as the Sites view shows it. */
export function siteAgent(a: Agent, now: string): SiteAgent {
  return {
    id: a.id,
    name: a.name,
    enrolledAt: a.enrolledAt,
    lastSeenAt: a.lastSeenAt,
    ...(a.every === undefined ? {} : { every: a.every }),
    ...(a.revokedAt === undefined ? {} : { revokedAt: a.revokedAt }),
    silent: isSilent(a, now),
  };
}

/** One site's summary from its agents and its newest upload (if any). */
export function siteSummary(
  site: Site,
  agents: readonly Agent[],
  newest: AgentUpload | undefined,
  now: string,
): SiteSummary {
  const result = (newest?.result ?? {}) as { hosts?: number; covered?: number };
  return {
    id: site.id,
    name: site.name,
    ranges: site.ranges,
    createdAt: site.createdAt,
    agents: agents.map((a) => siteAgent(a, now)),
    ...(newest?.scanId === undefined
      ? {}
      : {
          lastReport: {
            scanId: newest.scanId,
            agentId: newest.agentId,
            receivedAt: newest.receivedAt,
            hosts: result.hosts ?? 0,
            covered: result.covered ?? 0,
          },
        }),
    ...(newest?.changes === undefined ? {} : { changes: newest.changes }),
  };
}

/** The counts of a host-by-host comparison with the scan `since`. */
export function changeCounts(
  since: number,
  diff: {
    appeared: readonly unknown[];
    disappeared: readonly unknown[];
    changed: readonly unknown[];
  },
): UploadChanges {
  return {
    since,
    appeared: diff.appeared.length,
    disappeared: diff.disappeared.length,
    changed: diff.changed.length,
  };
}

/** Every site as the Sites view shows it, read from the store (pure over the Store interface). */
export async function listSites(
  sites: Pick<SiteRepository, 'list' | 'agents' | 'uploads'>,
  now: string,
): Promise<SiteSummary[]> {
  return Promise.all(
    (await sites.list()).map(async (site) =>
      siteSummary(site, await sites.agents(site.id), (await sites.uploads(site.id, 1))[0], now),
    ),
  );
}
