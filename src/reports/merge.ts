// Merging a report (pure): which targets a duplicate may be merged into, and what the public map
// shows of accepted reports.
import type { PublicReportCollection } from '../contract/reports.js';
import type { AcceptedReport, MergeTarget, ReportStatus } from '../store/index.js';

/**
 * Why `reportId` cannot be merged into `target`, or undefined when it can. `found` is the target
 * as looked up: a camera's presence, or a report's status (undefined when there is none).
 */
export function mergeRefusal(
  reportId: string,
  target: MergeTarget,
  found: { camera: boolean } | { status: ReportStatus | undefined },
): string | undefined {
  const name = `${target.kind} "${target.id.slice(0, 64)}"`;
  if ('camera' in found) return found.camera ? undefined : `mergeInto: there is no mapped ${name}`;
  if (target.id === reportId) return 'mergeInto: a report cannot be merged into itself';
  switch (found.status) {
    case undefined:
      return `mergeInto: there is no ${name}`;
    case 'merged':
      return `mergeInto: ${name} is itself merged; merge into what it was merged into`;
    case 'rejected':
      return `mergeInto: ${name} was rejected; accept it first or reject this one`;
    default:
      return undefined;
  }
}

/** Accepted reports as GeoJSON points marked as reported by the public. */
export function publicReportCollection(
  reports: readonly AcceptedReport[],
  limit: number,
): PublicReportCollection {
  return {
    type: 'FeatureCollection',
    truncated: reports.length > limit,
    features: reports.slice(0, limit).map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: {
        id: r.id,
        source: 'public',
        status: 'accepted',
        day: r.day,
        acceptedDay: r.acceptedDay,
        ...r.fields,
        merged: r.merged,
      },
    })),
  };
}
