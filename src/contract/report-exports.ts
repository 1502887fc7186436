// Exports of citizen reports (pure, zod): the GeoJSON properties and CSV columns of an accepted
// report, the files the moderators' export routes answer, and the evidence pack's manifest. None
// of them holds anything about the reporter, nor the free note (it may name the
// reporter, and no moderator step vets it for publication).
import { z } from 'zod';

/** One accepted report as exported: what was reported, and what the kb makes of the brand. */
export const ExportedReport = z.object({
  id: z.string(),
  /** The day it was reported (never the time). */
  day: z.string(),
  /** On the ~5 m grid the report was stored on. */
  lat: z.number(),
  lon: z.number(),
  status: z.string(),
  type: z.string(),
  cameraType: z.string().nullable(),
  direction: z.number().nullable(),
  /** As written on the camera. */
  brand: z.string().nullable(),
  model: z.string().nullable(),
  /** As written on an operator sign. */
  operator: z.string().nullable(),
  /** The kb maker the written brand resolves to, if any. */
  maker: z.string().nullable(),
  makerName: z.string().nullable(),
  covered: z.boolean(),
  /** The maker's status under the US federal equipment rules (`unknown` without a maker). */
  coverage: z.string(),
  hasPhoto: z.boolean(),
});
export type ExportedReport = z.infer<typeof ExportedReport>;

/** A file answered as it is (GeoJSON, CSV, osmChange, a zip), with the name to save it under. */
export const ExportFile = z.object({
  type: z.string(),
  filename: z.string(),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
});
export type ExportFile = z.infer<typeof ExportFile>;

const PackFile = z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string() });

const PackRestriction = z.object({
  id: z.string(),
  title: z.string(),
  jurisdiction: z.string(),
  status: z.string(),
  since: z.string().exactOptional(),
  sources: z.array(z.string()),
});

/** What the kb says of one maker in a pack: covered or not, the restrictions, every source. */
export const PackMaker = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  covered: z.boolean(),
  coverage: z.string(),
  restrictions: z.array(PackRestriction),
  sources: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      publisher: z.string(),
      date: z.string(),
      url: z.string(),
    }),
  ),
});
export type PackMaker = z.infer<typeof PackMaker>;

/** A report in a pack: its fields, its photo file, the decisions taken (without who took them). */
export const PackReport = ExportedReport.extend({
  photo: z
    .object({
      file: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      redactions: z.number().int(),
    })
    .nullable(),
  decisions: z.array(z.object({ decision: z.string(), reason: z.string(), at: z.string() })),
});
export type PackReport = z.infer<typeof PackReport>;

/** `manifest.json` of an evidence pack; `manifest.sig` holds its Ed25519 signature. */
export const PackManifest = z.object({
  format: z.literal('sousveil-evidence-pack/1'),
  generator: z.string(),
  exportedAt: z.string(),
  key: z.object({
    algorithm: z.literal('Ed25519'),
    publicKey: z.string(),
    fingerprint: z.string(),
  }),
  files: z.array(PackFile),
  reports: z.array(PackReport),
  makers: z.array(PackMaker),
});
export type PackManifest = z.infer<typeof PackManifest>;
