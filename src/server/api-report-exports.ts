// Moderators' exports of citizen reports: accepted reports as GeoJSON, CSV and osmChange, and
// signed evidence packs. GETs behind a moderator's session, never cached, answered as files.
import { ExportFile } from '../contract/index.js';
import { parseBbox } from '../fieldmap/index.js';
import { evidencePack, exportTypes, reportsExport, type ExportFormat } from '../reports/index.js';
import { nodePackCrypto } from '../reports/index-node.js';
import { HttpError } from '../shared/errors.js';
import { zlibZipCodec } from '../shared/zlib-zip.js';
import type { ReportStatus } from '../store/index.js';
import { route, type ApiContext, type ApiRequest, type Route } from './api-types.js';

const bboxParam = {
  name: 'bbox',
  in: 'query' as const,
  description: 'only reports inside west,south,east,north (degrees)',
};

const generatorOf = (ctx: ApiContext): string => ctx.generator ?? 'sousveil';

function exportRoute(format: ExportFormat, summary: string): Route {
  return route({
    method: 'GET',
    path: `/moderation/exports/${format}`,
    summary,
    access: 'moderator',
    produces: exportTypes[format].type,
    params: [bboxParam],
    response: ExportFile,
    handler: async (ctx, req) => {
      const bbox = req.query.get('bbox');
      const file = await reportsExport(ctx.store, ctx.kb, format, {
        ...(bbox === null ? {} : { box: parseBbox(bbox) }),
        asOf: ctx.today(),
        generator: generatorOf(ctx),
      });
      return { type: file.type, filename: file.filename, bytes: file.bytes };
    },
  });
}

const statuses: readonly ReportStatus[] = ['new', 'accepted', 'rejected'];

/** `reports=id,id…` or `status=…` (accepted by default), or a 400 naming the parameter. */
function selectionOf(req: ApiRequest): { ids: string[] } | { status: ReportStatus } {
  const ids = req.query.get('reports');
  const raw = req.query.get('status');
  if (ids !== null && raw !== null) throw new HttpError(400, 'give reports or status, not both');
  if (ids !== null) {
    const list = ids
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (list.length === 0) throw new HttpError(400, 'reports: names no report');
    return { ids: list };
  }
  const status = statuses.find((s) => s === (raw ?? 'accepted'));
  if (status === undefined)
    throw new HttpError(
      400,
      `status: "${(raw ?? '').slice(0, 20)}" is not new, accepted or rejected`,
    );
  return { status };
}

export const reportExportRoutes: Route[] = [
  exportRoute(
    'geojson',
    'Accepted citizen reports as a GeoJSON FeatureCollection (grid positions, days; never the reporter or the note)',
  ),
  exportRoute(
    'csv',
    'Accepted citizen reports as CSV, one row per report (the same fields as the GeoJSON)',
  ),
  exportRoute(
    'osmchange',
    'Accepted citizen reports as an OsmChange 0.6 file of new nodes, to review and upload to OpenStreetMap with your own account (sousveil never uploads)',
  ),
  route({
    method: 'GET',
    path: '/moderation/exports/evidence',
    summary:
      "A signed evidence pack (zip): the reports' photos, manifest.json with every file's SHA-256, the reports and the kb's facts about their makers, manifest.sig (Ed25519)",
    access: 'moderator',
    produces: 'application/zip',
    params: [
      { name: 'reports', in: 'query', description: 'these reports, ids separated by commas' },
      {
        name: 'status',
        in: 'query',
        description: 'every report of this status (default accepted)',
      },
    ],
    response: ExportFile,
    handler: async (ctx, req) => {
      const selection = selectionOf(req);
      if (ctx.evidenceSigner === undefined)
        throw new HttpError(
          503,
          'this server has no evidence key (over PostgreSQL, start serve with --evidence-key FILE)',
        );
      const pack = await evidencePack(
        ctx.store,
        ctx.kb,
        selection,
        { now: ctx.now(), generator: generatorOf(ctx) },
        { crypto: nodePackCrypto, signer: ctx.evidenceSigner(), zip: zlibZipCodec },
      );
      return { type: pack.type, filename: pack.filename, bytes: pack.bytes };
    },
  }),
];
