// Citizen reports: a camera reported through a form, with an optional photo made safe before it
// is stored. Anyone may report (no token, no account, no cookie); what identifies the sender is
// never handed to this handler: the server counts the network's reports before it gets here.
import { PublicReportCollection, ReportCreated, ReportForm } from '../contract/index.js';
import { parseBbox } from '../fieldmap/index.js';
import { newReport, publicReportCollection, readReportForm } from '../reports/index.js';
import { HttpError } from '../shared/errors.js';
import { boundaryOf, parseMultipart, type MultipartLimits } from '../shared/multipart.js';
import { route, type Route } from './api-types.js';

/** The largest report body: a photo of up to 12 MiB and the text fields. */
export const MAX_REPORT_BYTES = 12 * 1024 * 1024 + 64 * 1024;

const formLimits: MultipartLimits = {
  maxParts: 12,
  maxHeaderBytes: 1024,
  maxFieldBytes: 8 * 1024,
  maxFileBytes: 12 * 1024 * 1024,
};

/** The most accepted reports one map answer holds. */
const maxPublicReports = 2000;

export const reportRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/reports',
    reads: ['reports'],
    summary:
      'Accepted citizen reports in a viewport, for the street map: points marked "reported by the public" with their type, direction, what is written on them, the day reported and the day accepted; no note, no photo, nothing about the reporter',
    params: [
      {
        name: 'bbox',
        in: 'query',
        description: 'west,south,east,north in degrees',
        required: true,
      },
    ],
    response: PublicReportCollection,
    handler: async (ctx, req) => {
      const bbox = req.query.get('bbox');
      if (bbox === null) throw new HttpError(400, 'bbox: give west,south,east,north');
      const found = await ctx.store.reports.accepted(parseBbox(bbox), maxPublicReports + 1);
      return publicReportCollection(found, maxPublicReports);
    },
  }),
  route({
    method: 'POST',
    path: '/reports',
    summary:
      'Report a surveillance camera: position, type, direction, what is written on it, a note and an optional photo (JPEG, PNG, WebP or HEIC; its metadata removed, faces boxed out). The day is kept, not the time; the position on a ~5 m grid; nothing about the sender',
    writes: true,
    access: 'public',
    accepts: ['multipart/form-data'],
    maxBodyBytes: MAX_REPORT_BYTES,
    form: ReportForm,
    files: { photo: 'optional photo of the camera: JPEG, PNG, WebP or HEIC, at most 12 MiB' },
    response: ReportCreated,
    handler: async (ctx, req) => {
      const boundary = boundaryOf(req.contentTypeHeader ?? '');
      const parts = parseMultipart(req.body ?? new Uint8Array(), boundary, formLimits);
      const { form, photo } = readReportForm(parts);
      const safe = photo === undefined ? undefined : await ctx.reports.safePhoto(photo.bytes);
      const report = newReport(form, ctx.reports.newId(), ctx.now(), safe);
      await ctx.store.reports.add(report);
      return { id: report.id };
    },
  }),
];
