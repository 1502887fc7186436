import type { AppReport } from './report.js';

/** What changed between two audits of an app (usually two versions). */
export interface AppReportDiff {
  readonly from: { readonly file: string; readonly version: string | undefined };
  readonly to: { readonly file: string; readonly version: string | undefined };
  readonly sdksAdded: readonly string[];
  readonly sdksRemoved: readonly string[];
  readonly permissionsAdded: readonly string[];
  readonly permissionsRemoved: readonly string[];
  readonly signerChanged: boolean;
  readonly packageChanged: boolean;
}

/** Compares two reports: SDKs and permissions gained or lost, signer or package changed. */
export function diffAppReports(a: AppReport, b: AppReport): AppReportDiff {
  const minus = (x: readonly string[], y: readonly string[]): string[] => {
    const ys = new Set(y);
    return x.filter((v) => !ys.has(v)).sort();
  };
  const sdks = (r: AppReport): string[] => r.sdks.map((s) => s.id);
  const perms = (r: AppReport): string[] => Object.values(r.permissions).flat();
  return {
    from: { file: a.file, version: a.versionName },
    to: { file: b.file, version: b.versionName },
    sdksAdded: minus(sdks(b), sdks(a)),
    sdksRemoved: minus(sdks(a), sdks(b)),
    permissionsAdded: minus(perms(b), perms(a)),
    permissionsRemoved: minus(perms(a), perms(b)),
    signerChanged: (a.signer?.sha256 ?? '') !== (b.signer?.sha256 ?? ''),
    packageChanged: a.package !== b.package,
  };
}
