// Sites and their scan agents: enrollment with a one-time code, agents' pushed scans (their own
// token; saved once per upload id; refused outside the site's ranges) and the Sites view.
import { z } from 'zod';
import {
  AgentUploadResult,
  EnrollRequest,
  EnrollResult,
  ScanList,
  SiteList,
} from '../contract/index.js';
import { HttpError } from '../shared/errors.js';
import { listSites } from '../sites/index.js';
import { newAgentToken, secretHash } from '../sites/index-node.js';
import type { ScanSummary, StoreArea } from '../store/index.js';
import { jsonBody } from './api-json.js';
import { limitOf, notFound, pathParam, route, type ApiRequest, type Route } from './api-types.js';

const fromSites: readonly StoreArea[] = ['sites', 'scans'];

/** `uploadId`: 8 to 100 of `[A-Za-z0-9_-]`, made by the agent. */
const UploadId = z.string().regex(/^[\w-]{8,100}$/);

function uploadIdOf(req: ApiRequest): string {
  const raw = req.query.get('uploadId');
  if (raw === null) throw new HttpError(400, 'uploadId: the query parameter is required');
  if (!UploadId.safeParse(raw).success)
    throw new HttpError(400, `uploadId: "${raw.slice(0, 40)}" is not 8-100 of A-Z a-z 0-9 _ -`);
  return raw;
}

/** `every`: seconds between the agent's scans, 60 to 30 days; absent when it runs once. */
function everyOf(req: ApiRequest): number | undefined {
  const raw = req.query.get('every');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 60 || n > 30 * 86_400)
    throw new HttpError(
      400,
      `every: "${raw.slice(0, 20)}" is not a whole number of seconds from 60 to 2592000`,
    );
  return n;
}

/** A site's name from the path, decoded; a malformed escape names no site. */
function siteName(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    return '';
  }
}

export const siteRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/agent/enroll',
    summary:
      "Enroll a scan agent with a one-time code from `sousveil sites add|code`: answers the agent's own token, shown this once",
    writes: true,
    access: 'login',
    accepts: ['application/json'],
    maxBodyBytes: 4096,
    response: EnrollResult,
    handler: async (ctx, req) => {
      const form = jsonBody(req, EnrollRequest);
      // The name is shown in terminals (`sites list`) and pages: no control characters.
      // eslint-disable-next-line no-control-regex -- these are exactly the characters refused
      if (/[\u0000-\u001f\u007f-\u009f]/.test(form.name))
        throw new HttpError(400, 'field "name": control characters are not allowed');
      const token = newAgentToken();
      const enrolled = await ctx.store.sites.enroll(secretHash(form.code, 'code'), ctx.now(), {
        name: form.name,
        tokenSha256: secretHash(token, 'token'),
      });
      if (enrolled === undefined)
        throw new HttpError(403, 'the enrollment code is wrong, used or expired');
      const { site, agent } = enrolled;
      return { agentId: agent.id, site: site.name, ranges: site.ranges, token };
    },
  }),
  route({
    method: 'POST',
    path: '/agent/results',
    summary:
      "An agent's scan (sousveil JSON), judged again from its evidence and saved under its site; refused (422) when a host or target is outside the site's ranges; the same uploadId again answers the first result (200, duplicate)",
    params: [
      {
        name: 'uploadId',
        in: 'query',
        description: "the agent's id for this result (8-100 of A-Za-z0-9_-)",
        required: true,
      },
      { name: 'every', in: 'query', description: "seconds between the agent's scans" },
    ],
    writes: true,
    access: 'agent',
    accepts: ['application/json'],
    response: AgentUploadResult,
    handler: async (ctx, req) => {
      const from = req.agent;
      if (from === undefined) throw new HttpError(401, "this route needs an agent's token");
      const uploadId = uploadIdOf(req);
      const every = everyOf(req);
      const result = await ctx.uploads.run({
        bytes: req.body ?? new Uint8Array(),
        name: `agent-${from.agent.id}-${uploadId}.json`,
        contentType: req.contentType ?? '',
        agent: {
          agentId: from.agent.id,
          siteId: from.site.id,
          site: from.site.name,
          ranges: from.site.ranges,
          uploadId,
          ...(every === undefined ? {} : { every }),
        },
      });
      if (result.duplicate === true) req.setStatus?.(200);
      return { ...result, site: from.site.name, uploadId };
    },
  }),
  route({
    method: 'GET',
    path: '/sites',
    summary:
      'Sites with their agents (silent ones marked), their newest report and its changes since the one before',
    // Silence depends on the clock, not only on the store: never cached.
    volatile: true,
    response: SiteList,
    handler: async (ctx) => listSites(ctx.store.sites, ctx.now()),
  }),
  route({
    method: 'GET',
    path: '/sites/:name/scans',
    reads: fromSites,
    summary: "A site's scans pushed by its agents, newest first",
    params: [
      pathParam('name', 'site name'),
      { name: 'limit', in: 'query', description: 'at most this many (1-1000)' },
    ],
    response: ScanList,
    handler: async (ctx, req) => {
      const site = (await ctx.store.sites.get(siteName(req.params.name))) ?? notFound('site');
      const uploads = await ctx.store.sites.uploads(site.id, limitOf(req.query, 1000));
      const scans = await Promise.all(
        uploads.map(async (u) =>
          u.scanId === undefined ? undefined : ctx.store.scans.get(u.scanId),
        ),
      );
      return scans.filter((s): s is ScanSummary => s !== undefined);
    },
  }),
];
