// A scan pushed by a site's agent: judged again from its evidence like any upload, refused whole
// (422) when a host or target lies outside the site's ranges, and saved once per upload id: the
// scan and its upload row in one transaction, so a repeat, even one racing the first, gets the
// first answer and no second scan.
import { looksLikeSousveilJson } from '../netaudit/import/sousveil-json.js';
import { summarize, type HostVerdict } from '../netaudit/index.js';
import { diffScans } from '../netaudit/report/diff.js';
import { scanHost } from '../netaudit/runs.js';
import { HttpError, UserError } from '../shared/errors.js';
import { changeCounts, firstOutOfScope } from '../sites/index.js';
import type { AgentUpload, Store, UploadChanges } from '../store/index.js';
import {
  ingestUpload,
  retentionRule,
  verdictsOf,
  type IngestDeps,
  type UploadJob,
  type UploadResult,
} from './upload-ingest.js';

/** Who pushed a scan, and what its site may report. */
export interface AgentJob {
  agentId: number;
  siteId: number;
  site: string;
  ranges: string[];
  uploadId: string;
  /** Seconds between the agent's scans, as it says. */
  every?: number;
}

/** Any upload: an agent's push, or a file sent to POST /scans. */
export async function ingestJob(deps: IngestDeps, job: UploadJob): Promise<UploadResult> {
  if (job.bytes.length === 0) throw new UserError('the upload is empty');
  return job.agent === undefined
    ? ingestUpload(deps, job)
    : ingestAgentUpload(deps, job, job.agent);
}

/** The upload id was saved already (by a push that came first). */
class Repeated extends Error {}

/** True for `Repeated`, also as the cause of the error a store's transaction wrapped it in. */
const isRepeated = (e: unknown): boolean =>
  e instanceof Repeated || (e instanceof Error && e.cause instanceof Repeated);

/** Saves an agent's scan once per upload id; a repeat answers the first result, `duplicate`. */
export async function ingestAgentUpload(
  deps: IngestDeps,
  job: UploadJob,
  agent: AgentJob,
): Promise<UploadResult> {
  const earlier = await deps.store.sites.upload(agent.agentId, agent.uploadId);
  if (earlier !== undefined) return repeat(deps, agent, earlier);
  if (!looksLikeSousveilJson(new TextDecoder().decode(job.bytes.subarray(0, 64))))
    throw new HttpError(415, 'push a sousveil JSON scan (as `sousveil net scan --json` writes it)');
  const startedAt = deps.now();
  const { format, hosts, unverified, targets } = verdictsOf(deps.kb, job, deps.today());
  const outside = firstOutOfScope(
    agent.ranges,
    hosts.map((h) => h.address),
    targets,
  );
  if (outside !== undefined)
    throw new HttpError(
      422,
      `${outside} is outside site "${agent.site}" (${agent.ranges.join(', ')}); nothing was saved`,
    );
  const changes = await changesSince(deps.store, agent.siteId, hosts);
  const covered = hosts.filter((h) => h.covered).length;
  try {
    const result = await deps.store.transaction(async (tx) => {
      if ((await tx.sites.upload(agent.agentId, agent.uploadId)) !== undefined)
        throw new Repeated();
      const receivedAt = deps.now();
      const params = { targets, format, via: 'agent', site: agent.site, agent: agent.agentId };
      const created = await tx.scans.create({ kind: 'scan', startedAt, params });
      await tx.scans.addHosts(created.id, hosts.map(scanHost));
      await tx.scans.finish(created.id, receivedAt, summarize(hosts));
      const result: UploadResult = {
        id: created.id,
        format,
        hosts: hosts.length,
        covered,
        unverified,
      };
      const upload = { agentId: agent.agentId, uploadId: agent.uploadId, scanId: created.id };
      const saved = await tx.sites.saveUpload({
        ...upload,
        receivedAt,
        result,
        ...(changes === undefined ? {} : { changes }),
      });
      // A push of the same id that raced this one committed first: undo this one's scan.
      if (!saved) throw new Repeated();
      await tx.sites.seen(agent.agentId, receivedAt, agent.every);
      return result;
    });
    const rule = retentionRule(deps.retention, deps.now());
    if (rule !== undefined) await deps.store.scans.prune(rule);
    return result;
  } catch (e) {
    if (!isRepeated(e)) throw e;
    const first = await deps.store.sites.upload(agent.agentId, agent.uploadId);
    if (first === undefined) throw new Error('a repeated upload id has no saved upload');
    return repeat(deps, agent, first);
  }
}

/** The first answer again, and the agent marked as heard from. */
async function repeat(
  deps: IngestDeps,
  agent: AgentJob,
  first: AgentUpload,
): Promise<UploadResult> {
  await deps.store.sites.seen(agent.agentId, deps.now(), agent.every);
  return { ...(first.result as UploadResult), duplicate: true };
}

/** The site's newest saved scan compared with these hosts, as counts; undefined for a first. */
async function changesSince(
  store: Store,
  siteId: number,
  hosts: readonly HostVerdict[],
): Promise<UploadChanges | undefined> {
  const [newest] = await store.sites.uploads(siteId, 1);
  if (newest?.scanId === undefined) return undefined;
  const before = (await store.scans.hosts(newest.scanId)).map((h) => h.verdict as HostVerdict);
  return changeCounts(newest.scanId, diffScans(before, hosts));
}
