// Shapes every page of the API shares (pure, zod): a numbered source list, the citation numbers
// that point into it, references by id with their display name, and figures with their claims.
// The server answers with these; the web UI imports their types (type-only) and never re-declares them.
import { z } from 'zod';

/** A link target and the name people read: `{ id: "hikvision", name: "Hikvision" }`. */
export const Ref = z.object({ id: z.string(), name: z.string() });
export type Ref = z.infer<typeof Ref>;

/** Numbers of entries in the page's `sources` list. */
export const Cites = z.array(z.number().int().positive());
export type Cites = z.infer<typeof Cites>;

/** One numbered entry of a page's source list. */
export const SourceEntry = z.object({
  n: z.number().int().positive(),
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  /** As the source gives it: `2019`, `2019-10`, `2019-10-09` or `n.d.`. */
  date: z.string(),
  /** The date in words, as precise as it is: `2019`, `October 2019`, `9 October 2019`. */
  dateText: z.string(),
  kind: z.string(),
  /** The canonical address. */
  url: z.string().exactOptional(),
  /** Where it was read, when that is a copy of the canonical page. */
  readAt: z.string().exactOptional(),
});
export type SourceEntry = z.infer<typeof SourceEntry>;

/** One claim of a figure, as words with its unit, date, status and citations. */
export const FigureClaim = z.object({
  id: z.string(),
  /** The figure with its unit or currency (`CNY 97,000,000`, `4,500+ cameras`). */
  text: z.string(),
  asOf: z.string().exactOptional(),
  asOfText: z.string().exactOptional(),
  /** The country the figure covers, where narrower than its subject. */
  scope: Ref.exactOptional(),
  status: z.enum(['reported', 'disputed', 'refuted', 'confirmed']),
  confidence: z.enum(['high', 'medium', 'low', 'unverified']),
  cites: Cites,
  quote: z.string().exactOptional(),
  note: z.string().exactOptional(),
});
export type FigureClaim = z.infer<typeof FigureClaim>;

/** Every claim on one property of one subject, best first. */
export const Figure = z.object({
  property: z.string(),
  label: z.string(),
  claims: z.array(FigureClaim),
  /** True only when figures of one measure (unit, scope, time) cannot all hold. */
  disagree: z.boolean(),
});
export type Figure = z.infer<typeof Figure>;

/** A dated event on a timeline. */
export const TimelineEntry = z.object({
  date: z.string(),
  dateText: z.string(),
  label: z.string(),
  kind: z.string(),
  cites: Cites,
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** An error answer: one line naming what is wrong. */
export const ErrorBody = z.object({ error: z.string(), requestId: z.string().exactOptional() });
