// The export files the CLI and the moderators' API share (pure over the store's interface): the
// accepted reports as GeoJSON, CSV or osmChange, and signed evidence packs.
import type { ExportFile, PackManifest } from '../contract/index.js';
import { MakerResolver } from '../fieldmap/index.js';
import type { Kb } from '../kb/index.js';
import type { ZipCodec } from '../shared/zip-write.js';
import type { BoundingBox, ReportStatus, Store } from '../store/index.js';
import { buildEvidencePack, type PackCrypto, type PackSigner } from './evidence-pack.js';
import { exportedReport, reportsCsv, reportsGeoJson } from './export-rows.js';
import {
  MAX_PACK_REPORTS,
  photosAndDecisions,
  reportsById,
  reportsWithStatus,
} from './export-select.js';
import { reportsOsmChange } from './osmchange.js';

export type ExportFormat = 'geojson' | 'csv' | 'osmchange';

/** Each format's media type (as answered) and file extension. */
export const exportTypes: Record<ExportFormat, { type: string; ext: string }> = {
  geojson: { type: 'application/geo+json', ext: 'geojson' },
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  osmchange: { type: 'application/xml; charset=utf-8', ext: 'osc' },
};

/**
 * The accepted reports (inside `box`) as one file. osmChange takes every accepted report: one
 * merged into a camera already mapped has the status `merged`, not `accepted`.
 */
export async function reportsExport(
  store: Store,
  kb: Kb,
  format: ExportFormat,
  options: { box?: BoundingBox; asOf: string; generator: string },
): Promise<ExportFile & { count: number }> {
  const reports = await reportsWithStatus(
    store,
    options.box === undefined ? {} : { box: options.box },
  );
  const makers = new MakerResolver(kb, options.asOf);
  const text =
    format === 'osmchange'
      ? reportsOsmChange(reports, options.generator)
      : (format === 'csv' ? reportsCsv : reportsGeoJson)(
          reports.map((r) => exportedReport(r, makers)),
        );
  const { type, ext } = exportTypes[format];
  return {
    type,
    filename: `sousveil-reports-${options.asOf}.${ext}`,
    bytes: new TextEncoder().encode(text),
    count: reports.length,
  };
}

/** Which reports go in a pack: by id, or every report of one status. */
export type PackSelection = { ids: readonly string[] } | { status: ReportStatus };

/** A signed evidence pack of the selected reports, exported at `now`. */
export async function evidencePack(
  store: Store,
  kb: Kb,
  selection: PackSelection,
  options: { now: string; generator: string },
  deps: { crypto: PackCrypto; signer: PackSigner; zip: ZipCodec },
): Promise<ExportFile & { manifest: PackManifest }> {
  const reports =
    'ids' in selection
      ? await reportsById(store, selection.ids)
      : await reportsWithStatus(store, { status: selection.status, max: MAX_PACK_REPORTS });
  const asOf = options.now.slice(0, 10);
  const { photos, decisions } = await photosAndDecisions(store, reports);
  const { bytes, manifest } = buildEvidencePack(
    {
      reports,
      photos,
      decisions,
      kb,
      makers: new MakerResolver(kb, asOf),
      asOf,
      now: options.now,
      generator: options.generator,
    },
    deps,
  );
  const stamp = options.now.slice(0, 19).replaceAll(':', '').replace('T', '-');
  return {
    type: 'application/zip',
    filename: `sousveil-evidence-${stamp}.zip`,
    bytes,
    manifest,
  };
}
