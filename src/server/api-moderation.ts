// Moderators: log in and out (a session cookie and a CSRF token), the queue of reports, and
// decisions, each kept in the report's audit log with the moderator's name and the time.
import {
  DecisionForm,
  DecisionMade,
  LoginForm,
  ModerationQueue,
  ReportPhoto,
  SessionEnded,
  SessionOpened,
} from '../contract/index.js';
import { attemptLogin } from '../moderation/index.js';
import { boxAround, distanceM, mergeRefusal } from '../reports/index.js';
import { HttpError, UserError } from '../shared/errors.js';
import type { MergeTarget, ReportStatus, Store, StoredReport } from '../store/index.js';
import { jsonBody } from './api-json.js';
import { limitOf, notFound, pathParam, route, type Route } from './api-types.js';
import { sessionCookie } from './moderator-sessions.js';

const maxJsonBytes = 16 * 1024;

const statuses: readonly ReportStatus[] = ['new', 'accepted', 'rejected', 'merged'];

const statusAfter = { accept: 'accepted', reject: 'rejected', merge: 'merged' } as const;

/** How far around a report the queue looks for cameras already mapped. */
const nearbyRadiusM = 30;

/** Mapped cameras within `nearbyRadiusM` of a report, nearest first (at most 10). */
async function nearbyCameras(store: Store, r: StoredReport) {
  const found = await store.cameras.inBox(boxAround(r.lat, r.lon, nearbyRadiusM), undefined, 50);
  return found
    .map((c) => ({
      id: c.id,
      distanceM: Math.round(distanceM(r, c) * 10) / 10,
      type: c.type,
      ...(c.maker === undefined ? {} : { maker: c.maker }),
    }))
    .filter((c) => c.distanceM <= nearbyRadiusM)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, 10);
}

/** Accepted reports within `nearbyRadiusM` of a report (not itself), nearest first (at most 10). */
async function nearbyReports(store: Store, r: StoredReport) {
  const found = await store.reports.accepted(boxAround(r.lat, r.lon, nearbyRadiusM), 50);
  return found
    .filter((o) => o.id !== r.id)
    .map((o) => ({
      id: o.id,
      distanceM: Math.round(distanceM(r, o) * 10) / 10,
      type: o.fields.type,
      day: o.day,
    }))
    .filter((o) => o.distanceM <= nearbyRadiusM)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, 10);
}

/** Refuses a merge into something that is not there or cannot take it (400, one line). */
async function checkMergeTarget(store: Store, reportId: string, target: MergeTarget) {
  const found =
    target.kind === 'camera'
      ? { camera: (await store.cameras.get(target.id)) !== undefined }
      : { status: (await store.reports.get(target.id))?.status };
  const problem = mergeRefusal(reportId, target, found);
  if (problem !== undefined) throw new UserError(problem);
}

export const moderationRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/sessions',
    summary:
      'Log in as a moderator: sets the session cookie and answers the CSRF token to send in X-CSRF-Token; an account locks for 15 minutes after 5 failures',
    writes: true,
    access: 'login',
    accepts: ['application/json'],
    maxBodyBytes: maxJsonBytes,
    response: SessionOpened,
    handler: async (ctx, req) => {
      const form = jsonBody(req, LoginForm);
      const m = await attemptLogin(
        { ...ctx.login, moderators: ctx.store.moderators },
        form.name,
        form.password,
        Date.parse(ctx.now()),
      );
      const { token, session } = ctx.sessions.create(m.name, m.role);
      if (req.responseHeaders !== undefined)
        req.responseHeaders['set-cookie'] = sessionCookie(token);
      return { name: m.name, role: m.role, csrfToken: session.csrfToken };
    },
  }),
  route({
    method: 'DELETE',
    path: '/sessions/current',
    summary: "Log out: ends the moderator's session",
    writes: true,
    access: 'moderator',
    maxBodyBytes: maxJsonBytes,
    response: SessionEnded,
    handler: async (ctx, req) => {
      if (req.sessionToken !== undefined) ctx.sessions.end(req.sessionToken);
      if (req.responseHeaders !== undefined)
        req.responseHeaders['set-cookie'] = sessionCookie(undefined);
      return { ended: true as const };
    },
  }),
  route({
    method: 'GET',
    path: '/moderation/reports',
    summary:
      'The queue: reports of one status (new by default), oldest first, with their decisions',
    access: 'moderator',
    params: [
      {
        name: 'status',
        in: 'query',
        description: 'new (default), accepted, rejected or merged',
      },
      { name: 'limit', in: 'query', description: 'at most this many (1-500)' },
    ],
    response: ModerationQueue,
    handler: async (ctx, req) => {
      const raw = req.query.get('status') ?? 'new';
      const status = statuses.find((s) => s === raw);
      if (status === undefined)
        throw new HttpError(
          400,
          `status: "${raw.slice(0, 20)}" is not new, accepted, rejected or merged`,
        );
      const reports = await ctx.store.reports.list({ status, limit: limitOf(req.query, 500) });
      const withDecisions = await Promise.all(
        reports.map(async (r) => ({
          ...r,
          decisions: (await ctx.store.reports.decisions(r.id)).map(({ reportId: _id, ...d }) => d),
          nearby: await nearbyCameras(ctx.store, r),
          nearbyReports: await nearbyReports(ctx.store, r),
        })),
      );
      const total = await ctx.store.reports.count(status);
      return { status, total, nearbyRadiusM, reports: withDecisions };
    },
  }),
  route({
    method: 'GET',
    path: '/moderation/reports/:id/photo',
    summary: "A report's photo as stored: already re-encoded, without metadata, faces boxed out",
    access: 'moderator',
    produces: 'image/jpeg',
    params: [pathParam('id', 'report id')],
    response: ReportPhoto,
    handler: async (ctx, req) =>
      (await ctx.store.reports.photo(req.params.id ?? '')) ?? notFound('photo'),
  }),
  route({
    method: 'POST',
    path: '/moderation/reports/:id/decisions',
    summary:
      'Accept, reject or merge a report (a duplicate of a mapped camera or an earlier report, named in mergeInto), with a reason; the decision is added to its audit log',
    writes: true,
    access: 'moderator',
    accepts: ['application/json'],
    maxBodyBytes: maxJsonBytes,
    params: [pathParam('id', 'report id')],
    response: DecisionMade,
    handler: async (ctx, req) => {
      const form = jsonBody(req, DecisionForm);
      const id = req.params.id ?? '';
      if ((await ctx.store.reports.get(id)) === undefined) notFound('report');
      if (form.decision === 'merge') await checkMergeTarget(ctx.store, id, form.mergeInto);
      const decided = await ctx.store.reports.decide({
        reportId: id,
        moderator: req.moderator?.name ?? '',
        decision: form.decision,
        reason: form.reason,
        at: ctx.now(),
        ...(form.decision === 'merge' ? { mergedInto: form.mergeInto } : {}),
      });
      if (!decided) notFound('report');
      return { id, status: statusAfter[form.decision] };
    },
  }),
];
