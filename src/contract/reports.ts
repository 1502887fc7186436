// Citizen reports (pure, zod): the form a reporter sends to POST /api/v1/reports and the answer.
// Nothing here names or describes the reporter; the server keeps the day, not the time, and the
// position on a ~5 m grid.
import { z } from 'zod';

/** What is reported: the values of OpenStreetMap's `surveillance:type` a reporter can tell apart. */
export const ReportType = z.enum(['camera', 'ALPR', 'gunshot_detector', 'other']);

/** A camera's housing, as OpenStreetMap's `camera:type`. */
export const ReportCameraType = z.enum(['fixed', 'dome', 'panning']);

const cardinals = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** A text field: trimmed, control characters refused, at most `max` characters. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasControl(s), { error: 'holds control characters' });

/** Control characters other than tab, line feed and carriage return. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

/** A decimal number as a form sends it, within [min, max]. */
const decimal = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,12})?$/, 'is not a decimal number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** A bearing in degrees (0 to 360) or a cardinal direction (N, NE, … NW), as degrees. */
const direction = z
  .string()
  .trim()
  .toUpperCase()
  .refine((s) => /^\d{1,3}(\.\d{1,3})?$/.test(s) || (cardinals as readonly string[]).includes(s), {
    error: 'is not degrees from 0 to 360 or one of N, NE, E, SE, S, SW, W, NW',
  })
  .transform((s) => {
    const i = (cardinals as readonly string[]).indexOf(s);
    return i >= 0 ? i * 45 : Number(s);
  })
  .pipe(z.number().min(0).max(360));

/**
 * The text fields of the report form (multipart/form-data); an optional `photo` part (JPEG, PNG
 * or WebP) goes beside them. Empty optional fields count as absent.
 */
export const ReportForm = z.object({
  lat: decimal(-90, 90),
  lon: decimal(-180, 180),
  type: ReportType,
  cameraType: ReportCameraType.optional(),
  direction: direction.optional(),
  brand: text(100).optional(),
  model: text(100).optional(),
  /** What an operator sign on or near it says. */
  operatorSign: text(300).optional(),
  note: text(2000).optional(),
});
export type ReportForm = z.infer<typeof ReportForm>;

/** The answer to a report: its id, nothing else (no cookie, no token). */
export const ReportCreated = z.object({ id: z.string() });
export type ReportCreated = z.infer<typeof ReportCreated>;

/** An accepted report on the public map: what was reported and when, nothing of the reporter. */
export const PublicReportProperties = z.object({
  id: z.string(),
  /** Always `public`: the map marks these "reported by the public". */
  source: z.literal('public'),
  status: z.literal('accepted'),
  /** The day it was reported (UTC), and the day a moderator accepted it. */
  day: z.string(),
  acceptedDay: z.string(),
  type: z.string(),
  cameraType: z.string().exactOptional(),
  direction: z.number().exactOptional(),
  brand: z.string().exactOptional(),
  model: z.string().exactOptional(),
  operatorSign: z.string().exactOptional(),
  /** Other reports of the same camera merged into this one. */
  merged: z.number().int(),
});
export type PublicReportProperties = z.infer<typeof PublicReportProperties>;

/** Accepted reports in a viewport, as GeoJSON points ([lon, lat] on the ~5 m grid). */
export const PublicReportCollection = z.object({
  type: z.literal('FeatureCollection'),
  /** True when more reports are in view than the answer holds. */
  truncated: z.boolean(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({
        type: z.literal('Point'),
        coordinates: z.tuple([z.number(), z.number()]),
      }),
      properties: PublicReportProperties,
    }),
  ),
});
export type PublicReportCollection = z.infer<typeof PublicReportCollection>;
