// Saved network audits (pure, zod): the scan list, one scan, its hosts, and a comparison.
import { z } from 'zod';
import { HostVerdict } from '../netaudit/host-verdict.js';

export { HostVerdict };

export const ScanSummary = z.object({
  id: z.number().int(),
  kind: z.enum(['scan', 'import']),
  startedAt: z.string(),
  finishedAt: z.string().exactOptional(),
  params: z.unknown(),
  summary: z.unknown().exactOptional(),
  hostCount: z.number().int(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;
export const ScanList = z.array(ScanSummary);
export const HostList = z.array(HostVerdict);

/** What an upload created, or found already saved: the same bytes are never saved twice. */
export const UploadResult = z.object({
  id: z.number().int(),
  format: z.enum(['nmap-xml', 'sousveil-json']),
  hosts: z.number().int(),
  covered: z.number().int(),
  /** Hosts whose uploaded verdict claimed more than their evidence supports. */
  unverified: z.number().int(),
  /** True when these bytes were uploaded before; `id` is that scan. */
  duplicate: z.boolean().exactOptional(),
});
export type UploadResult = z.infer<typeof UploadResult>;

const DiffHost = z.object({
  address: z.string(),
  mac: z.string().exactOptional(),
  maker: z.string().exactOptional(),
  brand: z.string().exactOptional(),
  model: z.string().exactOptional(),
  firmware: z.string().exactOptional(),
  covered: z.boolean(),
  advisories: z.array(z.string()).readonly().exactOptional(),
});

/** Two audits compared host by host (by address). */
export const ScanDiff = z.object({
  appeared: z.array(DiffHost),
  disappeared: z.array(DiffHost),
  changed: z.array(
    z.object({
      address: z.string(),
      changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
    }),
  ),
  unchanged: z.number().int(),
});
export type ScanDiff = z.infer<typeof ScanDiff>;

export const Deleted = z.object({ deleted: z.number().int() });
