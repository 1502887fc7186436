// The one description of a host verdict (pure, zod): what fusion produces, what the store keeps,
// what the API sends and the web shows. Everything else takes its type from here.
import { z } from 'zod';

export const HostConfidence = z.enum(['confirmed', 'likely', 'possible']);

export const HostEvidence = z.object({
  /** The observation's source: a probe (`http:80`, `sadp`) or an import format (`nmap-xml`). */
  probe: z.string(),
  /** What was seen, verbatim (bounded). */
  seen: z.string(),
  /** The kb fingerprint id, or `rule:<name>` / `name:<vendor>` for a structural rule or a name. */
  fingerprint: z.string(),
  kind: z.string(),
  /** The vendor this evidence points to (a maker or a brand; fusion resolves brands to makers). */
  vendor: z.string(),
  brand: z.string().exactOptional(),
  weight: z.number(),
  sources: z.array(z.string()).readonly(),
});

export const HostAdvisory = z.object({
  cve: z.string(),
  title: z.string(),
  kevAdded: z.string().exactOptional(),
  /** `affected`: product and firmware both in an affected range; `may-apply`: something needed is unknown. */
  status: z.enum(['affected', 'may-apply']),
  /** Why it only may apply ("device type unknown", "firmware build date unknown"). */
  reason: z.string().exactOptional(),
  /** The products the advisory covers, in words. */
  scope: z.string(),
});

export const HostRestriction = z.object({
  restriction: z.string(),
  short: z.string(),
  jurisdiction: z.string(),
  status: z.string(),
  since: z.string().exactOptional(),
  confidence: z.string(),
});

/** One verdict per host: who made it, what it is, how sure, what restricts it, what is known wrong with it. */
export const HostVerdict = z.object({
  address: z.string(),
  mac: z.string().exactOptional(),
  hostname: z.string().exactOptional(),
  maker: z.string().exactOptional(),
  makerName: z.string().exactOptional(),
  brand: z.string().exactOptional(),
  brandName: z.string().exactOptional(),
  /** Other labels some evidence named, with what named them. */
  brandConflicts: z
    .array(z.object({ brand: z.string(), evidence: z.array(z.string()) }))
    .exactOptional(),
  model: z.string().exactOptional(),
  firmware: z.string().exactOptional(),
  deviceType: z.string().exactOptional(),
  /** What the device type rests on ("the device says "NVR"", "model DS-7608NI-K2: …"). */
  deviceTypeBasis: z.string().exactOptional(),
  confidence: HostConfidence.exactOptional(),
  /** Fused score of the maker, 0..1. */
  score: z.number(),
  covered: z.boolean(),
  category: z.string().exactOptional(),
  restrictions: z.array(HostRestriction),
  /** CVE ids whose affected products and firmware both include this device. */
  advisories: z.array(z.string()),
  advisoryDetails: z.array(HostAdvisory),
  /** Makers that other evidence pointed to, with their scores. */
  conflicts: z.array(z.object({ maker: z.string(), score: z.number() })),
  openPorts: z.array(z.number()),
  evidence: z.array(HostEvidence),
  /** What the probes report that is not evidence (e.g. "isapi:80: credentials refused"); absent when none. */
  notes: z.array(z.string()).exactOptional(),
});
export type HostVerdict = z.infer<typeof HostVerdict>;
export type HostAdvisory = z.infer<typeof HostAdvisory>;
