import type { FirmwareReport } from './report.js';
import type { NewFirmwareScan } from '../store/index.js';

/** The store's row for a firmware report: summary columns, the models, the report as a document. */
export function toFirmwareScan(r: FirmwareReport): NewFirmwareScan {
  const affected = r.advisories.filter((a) => a.status === 'affected');
  const scan: NewFirmwareScan = {
    scannedAt: r.scannedAt,
    file: r.file,
    sha256: r.sha256,
    container: r.container,
    affectedCount: affected.length,
    kevCount: affected.filter((a) => a.kev !== undefined).length,
    indicatorCount: r.indicators.length,
    componentCount: r.components.length,
    models: r.identity.models,
    report: r,
  };
  if (r.identity.maker !== undefined) scan.maker = r.identity.maker.id;
  if (r.identity.brand !== undefined) scan.brand = r.identity.brand.name;
  if (r.identity.version !== undefined) scan.version = r.identity.version;
  if (r.identity.buildDate !== undefined) scan.buildDate = r.identity.buildDate;
  return scan;
}
