import {
  isCoveringStatus,
  restrictionStatuses,
  type Kb,
  type Sdk,
  type SdkCategory,
} from '../kb/index.js';
import { detectSdks, obfuscatedShare, type SdkEvidence } from './detect.js';
import type { SdkRuleIndex } from '../kb/index.js';
import type { AppInventory, DexPart } from './inventory.js';
import { groupPermissions, type PermissionRisk } from './permissions.js';

/** Where an SDK's maker answers to: the PRC, elsewhere, or not known. */
export type Jurisdiction = 'prc' | 'other' | 'unknown';

/** One SDK in a report. */
export interface SdkReport {
  readonly id: string;
  readonly name: string;
  readonly maker: string;
  readonly country: string | undefined;
  readonly jurisdiction: Jurisdiction;
  readonly ownership: string | undefined;
  readonly vendor: string | undefined;
  /** Restrictions in force that cover the maker's kb vendor, as `US NDAA §889`. */
  readonly restrictions: readonly string[];
  readonly categories: readonly SdkCategory[];
  readonly exodusId: number | undefined;
  readonly sources: readonly string[];
  readonly evidence: readonly SdkEvidence[];
}

/** The audit of one app file: identity, SDKs, packers, permissions, vendor-cloud hosts. */
export interface AppReport {
  readonly file: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly scannedAt: string;
  readonly format: AppInventory['format'];
  readonly package: string | undefined;
  readonly versionCode: number | undefined;
  readonly versionName: string | undefined;
  readonly minSdk: number | undefined;
  readonly targetSdk: number | undefined;
  readonly signer:
    | {
        readonly subject: string;
        readonly issuer: string;
        readonly sha256: string;
        readonly scheme: string;
      }
    | undefined;
  readonly sdks: readonly SdkReport[];
  readonly packers: readonly SdkReport[];
  /** Share of classes with renamed packages (0..1). */
  readonly obfuscatedShare: number;
  readonly permissions: Record<PermissionRisk, string[]>;
  /** Hosts in the app's strings that belong to an SDK maker's cloud. */
  readonly vendorHosts: readonly { readonly host: string; readonly sdk: string }[];
  readonly dex: readonly DexPart[];
  readonly classCount: number;
  readonly nativeLibs: readonly {
    readonly name: string;
    readonly abis: readonly string[];
    readonly soname: string | undefined;
  }[];
  readonly notes: readonly string[];
}

/** What the report needs besides the inventory: the file's identity and the kb. */
export interface ReportContext {
  readonly file: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly scannedAt: string;
  /** SHA-256 of the signing certificate's DER, computed by the caller. */
  readonly certificateSha256: string | undefined;
  readonly kb: Kb;
  readonly index: SdkRuleIndex;
}

export const presenceNote = 'SDKs are present in the code: that is not proof that they run.';

/** Builds the report of one app from its inventory. */
export function buildAppReport(app: AppInventory, ctx: ReportContext): AppReport {
  const findings = detectSdks(app, ctx.index);
  const day = ctx.scannedAt.slice(0, 10);
  const toReport = (f: (typeof findings)[number]): SdkReport =>
    sdkReport(f.sdk, f.evidence, ctx.kb, day);
  const sdks = findings.filter((f) => !f.sdk.categories.includes('packer')).map(toReport);
  const packers = findings.filter((f) => f.sdk.categories.includes('packer')).map(toReport);
  const share = obfuscatedShare(app.classes);
  const m = app.manifest;
  const vendorHosts = sdks.flatMap((s) =>
    s.evidence
      .filter((e) => e.kind === 'domain')
      .flatMap((e) => e.samples.map((host) => ({ host, sdk: s.id }))),
  );
  return {
    file: ctx.file,
    sha256: ctx.sha256,
    sizeBytes: ctx.sizeBytes,
    scannedAt: ctx.scannedAt,
    format: app.format,
    package: m?.package,
    versionCode: m?.versionCode,
    versionName: m?.versionName,
    minSdk: m?.minSdk,
    targetSdk: m?.targetSdk,
    signer:
      app.certificate === undefined
        ? undefined
        : {
            subject: app.certificate.subject,
            issuer: app.certificate.issuer,
            sha256: ctx.certificateSha256 ?? '',
            scheme: app.certificate.scheme,
          },
    sdks,
    packers,
    obfuscatedShare: share,
    permissions: groupPermissions(m?.permissions ?? []),
    vendorHosts,
    dex: app.dex,
    classCount: app.classes.length,
    nativeLibs: libsByName(app),
    notes: notesFor(app, packers, share),
  };
}

function sdkReport(sdk: Sdk, evidence: readonly SdkEvidence[], kb: Kb, day: string): SdkReport {
  const vendor = sdk.maker.vendor;
  const restrictions =
    vendor === undefined || !kb.vendors.has(vendor)
      ? []
      : restrictionStatuses(kb, vendor, day)
          .filter(
            (s) => isCoveringStatus(s.status) && s.begins === undefined && s.ended === undefined,
          )
          .map((s) => kb.restrictions.find((r) => r.id === s.restriction))
          .filter((r) => r !== undefined)
          .map((r) => `${r.jurisdiction} ${r.short}`);
  const country =
    sdk.maker.country ?? (vendor === undefined ? undefined : kb.vendors.get(vendor)?.country);
  return {
    id: sdk.id,
    name: sdk.name,
    maker: sdk.maker.name,
    country,
    jurisdiction: country === undefined ? 'unknown' : country === 'CN' ? 'prc' : 'other',
    ownership: sdk.maker.ownership,
    vendor,
    restrictions: [...new Set(restrictions)],
    categories: sdk.categories,
    exodusId: sdk.exodusId,
    sources: sdk.sources,
    evidence,
  };
}

function libsByName(app: AppInventory): AppReport['nativeLibs'] {
  const byName = new Map<string, { name: string; abis: string[]; soname: string | undefined }>();
  for (const l of app.nativeLibs) {
    const e = byName.get(l.name);
    if (e === undefined) byName.set(l.name, { name: l.name, abis: [l.abi], soname: l.soname });
    else if (!e.abis.includes(l.abi)) e.abis.push(l.abi);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function notesFor(app: AppInventory, packers: readonly SdkReport[], share: number): string[] {
  const notes = [presenceNote];
  for (const p of packers) {
    notes.push(
      `Packed by ${p.name}: the DEX seen is a loader, the real classes are hidden; the SDK list is incomplete.`,
    );
  }
  if (share >= 0.5) {
    notes.push(
      `${Math.round(share * 100)}% of classes have renamed packages (obfuscated): package rules can miss SDKs; manifest, native library and host rules still apply.`,
    );
  }
  return [...notes, ...app.problems];
}
