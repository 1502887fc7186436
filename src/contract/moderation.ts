// Moderation (pure, zod): logging in, the queue of reports, decisions with their audit log.
import { z } from 'zod';

/** The JSON body of POST /api/v1/sessions. */
export const LoginForm = z.object({
  name: z.string().max(40),
  password: z.string().max(1024),
});

/** A session opened: who, and the CSRF token to send in X-CSRF-Token on every change. */
export const SessionOpened = z.object({
  name: z.string(),
  role: z.string(),
  csrfToken: z.string(),
});

export const SessionEnded = z.object({ ended: z.literal(true) });

/** What a report is merged into: a mapped camera (OSM id such as `n123`) or an earlier report. */
export const MergeTarget = z.object({
  kind: z.enum(['camera', 'report']),
  id: z.string().trim().min(1).max(64),
});

const reason = z.string().trim().min(1).max(1000);

/**
 * The JSON body of POST /api/v1/moderation/reports/:id/decisions: accept, reject, or merge into
 * `mergeInto` (the report is a duplicate of it).
 */
export const DecisionForm = z.discriminatedUnion('decision', [
  z.object({ decision: z.enum(['accept', 'reject']), reason }),
  z.object({ decision: z.literal('merge'), reason, mergeInto: MergeTarget }),
]);

export const ReportDecisionEntry = z.object({
  moderator: z.string(),
  decision: z.enum(['accept', 'reject', 'merge']),
  reason: z.string(),
  at: z.string(),
  mergedInto: MergeTarget.exactOptional(),
});

const ReportStatus = z.enum(['new', 'accepted', 'rejected', 'merged']);

/** A report as moderators see it: what was reported, its photo's description, its decisions. */
export const QueuedReport = z.object({
  id: z.string(),
  day: z.string(),
  lat: z.number(),
  lon: z.number(),
  status: ReportStatus,
  fields: z.object({
    type: z.string(),
    cameraType: z.string().exactOptional(),
    direction: z.number().exactOptional(),
    brand: z.string().exactOptional(),
    model: z.string().exactOptional(),
    operatorSign: z.string().exactOptional(),
    note: z.string().exactOptional(),
  }),
  photo: z
    .object({
      type: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      bytes: z.number().int(),
      sha256: z.string(),
      redactions: z.number().int(),
    })
    .exactOptional(),
  decisions: z.array(ReportDecisionEntry),
  /** Street cameras already on the map within `nearbyRadiusM`: possible duplicates, nearest first. */
  nearby: z.array(
    z.object({
      id: z.string(),
      distanceM: z.number(),
      type: z.string(),
      maker: z.string().exactOptional(),
    }),
  ),
  /** Accepted reports within `nearbyRadiusM`: possible duplicates to merge into, nearest first. */
  nearbyReports: z.array(
    z.object({ id: z.string(), distanceM: z.number(), type: z.string(), day: z.string() }),
  ),
});

export const ModerationQueue = z.object({
  status: ReportStatus,
  total: z.number().int(),
  nearbyRadiusM: z.number(),
  reports: z.array(QueuedReport),
});

/** A stored photo's bytes, sent as they are (image/jpeg). */
export const ReportPhoto = z.object({
  type: z.string(),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
});

export const DecisionMade = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'rejected', 'merged']),
});

export type SessionOpened = z.infer<typeof SessionOpened>;
export type ModerationQueue = z.infer<typeof ModerationQueue>;
export type DecisionMade = z.infer<typeof DecisionMade>;
