// Saved firmware audits and uploads in progress (pure, zod). The report is the CLI's `--json`
// report; its main fields are described here, the rest passes through.
import { z } from 'zod';

export const FirmwareScanSummary = z.object({
  id: z.number().int(),
  scannedAt: z.string(),
  file: z.string(),
  sha256: z.string(),
  container: z.string(),
  maker: z.string().exactOptional(),
  brand: z.string().exactOptional(),
  version: z.string().exactOptional(),
  buildDate: z.string().exactOptional(),
  affectedCount: z.number().int(),
  kevCount: z.number().int(),
  indicatorCount: z.number().int(),
  componentCount: z.number().int(),
});
export type FirmwareScanSummary = z.infer<typeof FirmwareScanSummary>;
export const FirmwareScanList = z.array(FirmwareScanSummary);

const Named = z.object({ id: z.string().optional(), name: z.string() });

export const FirmwareReportDoc = z.looseObject({
  file: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  scannedAt: z.string(),
  container: z.string(),
  encrypted: z.boolean(),
  identity: z.looseObject({
    maker: Named.optional(),
    brand: Named.optional(),
    evidence: z.array(z.string()),
    relations: z.array(z.string()),
    restrictions: z.array(z.string()),
    productLine: z.string().optional(),
    deviceType: z.string().optional(),
    platform: z.string().optional(),
    families: z.array(z.string()),
    models: z.array(z.string()),
    version: z.string().optional(),
    buildDate: z.string().optional(),
    language: z.string().optional(),
  }),
  advisories: z.array(
    z.looseObject({
      cve: z.string(),
      title: z.string(),
      status: z.enum(['affected', 'may-apply']),
      reason: z.string().optional(),
      product: z.string(),
      kev: z.object({ added: z.string(), due: z.string().optional() }).optional(),
      sources: z.array(z.string()),
    }),
  ),
  indicators: z.array(
    z.looseObject({
      id: z.string(),
      title: z.string(),
      severity: z.string(),
      hits: z.array(z.object({ path: z.string(), match: z.string() })),
    }),
  ),
  components: z.array(
    z.looseObject({
      name: z.string(),
      version: z.string(),
      purl: z.string(),
      files: z.array(z.string()),
    }),
  ),
  notes: z.array(z.string()),
});
export type FirmwareReportDoc = z.infer<typeof FirmwareReportDoc>;

/** An uploaded image on its way: queued, being unpacked and searched, saved, or failed. */
export const FirmwareJob = z.object({
  id: z.number().int(),
  file: z.string(),
  sizeBytes: z.number().int(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  /** What it is doing now, in words. */
  stage: z.string(),
  /** The saved audit, once done. */
  scanId: z.number().int().exactOptional(),
  error: z.string().exactOptional(),
});
export type FirmwareJob = z.infer<typeof FirmwareJob>;
