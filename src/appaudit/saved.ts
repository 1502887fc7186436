// An app report as the store saves it (pure): summary columns, the SDK ids found for "apps seen
// with this SDK", and the report itself as a document.
import type { NewAppScan } from '../store/index.js';
import type { AppReport } from './report.js';

/** The store's row for an app report: summary columns, SDK ids, the report as a document. */
export function toAppScan(r: AppReport): NewAppScan {
  const scan: NewAppScan = {
    scannedAt: r.scannedAt,
    file: r.file,
    sha256: r.sha256,
    sdkCount: r.sdks.length,
    prcSdkCount: r.sdks.filter((s) => s.jurisdiction === 'prc').length,
    sdkIds: [...r.sdks, ...r.packers].map((s) => s.id),
    report: r,
  };
  if (r.package !== undefined) scan.package = r.package;
  if (r.versionCode !== undefined) scan.versionCode = r.versionCode;
  if (r.versionName !== undefined) scan.versionName = r.versionName;
  return scan;
}
