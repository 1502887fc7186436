// App audits and SDKs (pure, zod): saved app reports (a page of them, one of them), an upload
// job's progress, the SDK list and one SDK's page — maker, country, ownership chain, rules, the
// saved apps it was seen in — each with numbered sources.
import { z } from 'zod';
import { Cites, Ref, SourceEntry } from './common.js';
import { VendorVerdictView } from './vendors.js';

/** Where an SDK's maker answers to. */
export const Jurisdiction = z.enum(['prc', 'other', 'unknown']);

/** A saved app audit as lists show it. */
export const AppScanItem = z.object({
  id: z.number().int(),
  scannedAt: z.string(),
  file: z.string(),
  sha256: z.string(),
  package: z.string().exactOptional(),
  versionCode: z.number().int().exactOptional(),
  versionName: z.string().exactOptional(),
  sdkCount: z.number().int(),
  /** SDKs whose maker is based in the PRC. */
  prcSdkCount: z.number().int(),
});
export type AppScanItem = z.infer<typeof AppScanItem>;

/** A page of saved audits, newest first; `nextBefore` asks for the next page (`?before=`). */
export const AppScanPage = z.object({
  items: z.array(AppScanItem),
  nextBefore: z.number().int().exactOptional(),
});
export type AppScanPage = z.infer<typeof AppScanPage>;

/** One rule that fired in an app: what it looked for, how many values matched, a few of them. */
export const AppEvidence = z.object({
  kind: z.string(),
  kindLabel: z.string(),
  pattern: z.string(),
  count: z.number().int(),
  samples: z.array(z.string()),
});
export type AppEvidence = z.infer<typeof AppEvidence>;

/** One SDK found in an app, with its maker and the exact evidence. */
export const AppSdkLine = z.object({
  id: z.string(),
  name: z.string(),
  maker: z.string(),
  /** The maker's kb vendor, when the kb has one (its page shows the ownership chain). */
  vendor: Ref.exactOptional(),
  country: Ref.exactOptional(),
  jurisdiction: Jurisdiction,
  ownership: z.string().exactOptional(),
  /** Restrictions in force that cover the maker, as `US NDAA §889`. */
  restrictions: z.array(z.string()),
  categories: z.array(z.string()),
  evidence: z.array(AppEvidence),
  cites: Cites,
});
export type AppSdkLine = z.infer<typeof AppSdkLine>;

/** One saved app audit, as the observatory shows it. */
export const AppReportView = z.object({
  id: z.number().int(),
  file: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  scannedAt: z.string(),
  format: z.string(),
  package: z.string().exactOptional(),
  versionCode: z.number().int().exactOptional(),
  versionName: z.string().exactOptional(),
  minSdk: z.number().int().exactOptional(),
  targetSdk: z.number().int().exactOptional(),
  signer: z
    .object({ subject: z.string(), issuer: z.string(), sha256: z.string(), scheme: z.string() })
    .exactOptional(),
  /** "Present in code — not proof that it runs." */
  presenceNote: z.string(),
  sdks: z.array(AppSdkLine),
  packers: z.array(AppSdkLine),
  /** Share of classes with renamed packages (0..1). */
  obfuscatedShare: z.number(),
  permissions: z.object({
    surveillance: z.array(z.string()),
    dangerous: z.array(z.string()),
    other: z.array(z.string()),
  }),
  /** Hosts in the app's strings that belong to an SDK maker's cloud. */
  vendorHosts: z.array(z.object({ host: z.string(), sdk: Ref })),
  dexCount: z.number().int(),
  classCount: z.number().int(),
  nativeLibs: z.array(
    z.object({ name: z.string(), abis: z.array(z.string()), soname: z.string().exactOptional() }),
  ),
  notes: z.array(z.string()),
  sources: z.array(SourceEntry),
});
export type AppReportView = z.infer<typeof AppReportView>;

export const AppJobPhase = z.enum(['queued', 'reading', 'matching', 'saving', 'done', 'failed']);
export type AppJobPhase = z.infer<typeof AppJobPhase>;

/** An uploaded app being audited off the request path: where it stands. */
export const AppJob = z.object({
  id: z.string(),
  /** The file name the client gave (cleaned). */
  file: z.string(),
  phase: AppJobPhase,
  /** Size of the upload. */
  bytes: z.number().int(),
  /** 0 to 100 over the whole job. */
  percent: z.number(),
  /** The saved report, once done. */
  reportId: z.number().int().exactOptional(),
  /** True when these bytes were audited before; `reportId` is that report. */
  duplicate: z.boolean().exactOptional(),
  /** Why it failed, in one line. */
  error: z.string().exactOptional(),
});
export type AppJob = z.infer<typeof AppJob>;

/** An SDK as the list shows it. */
export const SdkItem = z.object({
  id: z.string(),
  name: z.string(),
  maker: z.string(),
  /** The maker's kb vendor, when the kb has one. */
  vendor: Ref.exactOptional(),
  country: Ref.exactOptional(),
  jurisdiction: Jurisdiction,
  categories: z.array(z.string()),
  ruleCount: z.number().int(),
  /** Saved app audits it was found in. */
  appCount: z.number().int(),
});
export type SdkItem = z.infer<typeof SdkItem>;
export const SdkList = z.array(SdkItem);

/** One detection rule of an SDK, with the evidence kind it reads. */
export const SdkRuleLine = z.object({
  kind: z.string(),
  kindLabel: z.string(),
  pattern: z.string(),
  confidence: z.string(),
  examples: z.array(z.string()),
  note: z.string().exactOptional(),
});
export type SdkRuleLine = z.infer<typeof SdkRuleLine>;

/** One SDK's page: maker, ownership chain, rules, and the saved apps it was seen in. */
export const SdkPage = z.object({
  id: z.string(),
  name: z.string(),
  categories: z.array(z.string()),
  jurisdiction: Jurisdiction,
  maker: z.object({
    name: z.string(),
    country: Ref.exactOptional(),
    vendor: Ref.exactOptional(),
    ownership: z.string().exactOptional(),
  }),
  /** The maker's kb vendor as of today: relations with dates (the ownership chain), restrictions. */
  makerVerdict: VendorVerdictView.exactOptional(),
  since: z.string().exactOptional(),
  exodusId: z.number().int().exactOptional(),
  note: z.string().exactOptional(),
  rules: z.array(SdkRuleLine),
  cites: Cites,
  apps: z.array(AppScanItem),
  /** True when more saved apps carry it than listed. */
  moreApps: z.boolean(),
  sources: z.array(SourceEntry),
});
export type SdkPage = z.infer<typeof SdkPage>;
