// Accepted reports out (pure): one record per report with its maker as the kb resolves the written
// brand (as the street map does), written as GeoJSON or CSV. The reporter's free note is never
// exported: it may name the reporter or their window, and no moderator step vets it for
// publication; moderators read it in the queue and write what matters in their decision's reason.
import type { ExportedReport } from '../contract/index.js';
import type { CameraMaker } from '../fieldmap/index.js';
import { csvCell } from '../shared/csv.js';
import type { StoredReport } from '../store/index.js';

/** Resolves the tags of a camera to its maker: the street map's `MakerResolver`. */
export interface MakerLookup {
  resolve(tags: Readonly<Record<string, string>>): CameraMaker | undefined;
}

/** The written brand as the tag the street map's maker resolution reads. */
function makerTagsOf(r: StoredReport): Record<string, string> {
  const tags: Record<string, string> = {};
  if (r.fields.brand !== undefined) tags.brand = r.fields.brand;
  return tags;
}

/** A stored report as exported (the note left out). */
export function exportedReport(r: StoredReport, makers: MakerLookup): ExportedReport {
  const m = makers.resolve(makerTagsOf(r));
  return {
    id: r.id,
    day: r.day,
    lat: r.lat,
    lon: r.lon,
    status: r.status,
    type: r.fields.type,
    cameraType: r.fields.cameraType ?? null,
    direction: r.fields.direction ?? null,
    brand: r.fields.brand ?? null,
    model: r.fields.model ?? null,
    operator: r.fields.operatorSign ?? null,
    maker: m?.maker ?? null,
    makerName: m?.makerName ?? null,
    covered: m?.covered ?? false,
    coverage: m?.status ?? 'unknown',
    hasPhoto: r.photo !== undefined,
  };
}

/** Where every export says its points come from. */
export const reportsSource =
  'sousveil citizen reports accepted by moderators; positions on a ~5 m grid, dates to the day';

/** A FeatureCollection (RFC 7946: [lon, lat]) of the reports, one feature a line. */
export function reportsGeoJson(reports: readonly ExportedReport[]): string {
  const features = reports.map((r) => {
    const { lat, lon, ...properties } = r;
    return JSON.stringify({
      type: 'Feature',
      id: r.id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { ...properties, lat, lon },
    });
  });
  return `{"type":"FeatureCollection","source":${JSON.stringify(reportsSource)},"features":[\n${features.join(',\n')}\n]}\n`;
}

/** The CSV columns, in order. */
export const reportCsvColumns = [
  'id',
  'day',
  'lat',
  'lon',
  'status',
  'type',
  'camera_type',
  'direction',
  'brand',
  'model',
  'operator',
  'maker',
  'maker_name',
  'covered',
  'coverage',
  'has_photo',
] as const;

/** The reports as RFC 4180 CSV (CRLF line ends, a header line). */
export function reportsCsv(reports: readonly ExportedReport[]): string {
  const lines = [reportCsvColumns.join(',')];
  for (const r of reports)
    lines.push(
      [
        r.id,
        r.day,
        r.lat,
        r.lon,
        r.status,
        r.type,
        r.cameraType,
        r.direction,
        r.brand,
        r.model,
        r.operator,
        r.maker,
        r.makerName,
        r.covered,
        r.coverage,
        r.hasPhoto,
      ]
        .map((v) => (v === null ? '' : csvCell(String(v))))
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
