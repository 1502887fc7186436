// Firmware-audit routes: saved audits (list, one report as JSON or the printable HTML), uploads
// answered with a job at once and processed behind it, and the job's progress.
import { FirmwareJob, FirmwareReportDoc, FirmwareScanList } from '../contract/index.js';
import { formatFirmwareHtml, type FirmwareReport } from '../firmware/index.js';
import { HttpError } from '../shared/errors.js';
import type { StoreArea } from '../store/index.js';
import { limitOf, notFound, pathParam, route, type Route } from './api-types.js';

const fromFirmware: readonly StoreArea[] = ['firmware'];

/** Largest image accepted by upload: the server's whole upload budget. */
export const maxFirmwareUploadBytes = 64 * 1024 * 1024;

function idOf(raw: string | undefined, what: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new HttpError(400, `${what}: "${String(raw).slice(0, 20)}" is not an id`);
  return n;
}

export const firmwareRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/firmware',
    reads: fromFirmware,
    summary: 'Firmware audits saved in the store, newest first',
    params: [
      { name: 'maker', in: 'query', description: 'kb vendor id of the maker (hikvision, dahua)' },
      { name: 'model', in: 'query', description: 'only images serving this model' },
      { name: 'limit', in: 'query', description: 'at most this many (1-1000)' },
    ],
    response: FirmwareScanList,
    handler: async (ctx, req) => {
      const maker = req.query.get('maker');
      const model = req.query.get('model');
      return ctx.store.firmware.list({
        limit: limitOf(req.query, 1000),
        ...(maker === null ? {} : { maker }),
        ...(model === null ? {} : { model }),
      });
    },
  }),
  route({
    method: 'GET',
    path: '/firmware/jobs/:id',
    volatile: true,
    summary:
      'An uploaded image on its way: queued, running (with its stage), done (with the saved audit) or failed',
    params: [pathParam('id', 'job id')],
    response: FirmwareJob,
    handler: async (ctx, req) =>
      ctx.firmwareJobs.get(idOf(req.params.id, 'job')) ?? notFound('job'),
  }),
  route({
    method: 'GET',
    path: '/firmware/:id',
    reads: fromFirmware,
    summary:
      'One firmware audit: identity, advisories with KEV status, indicators, components; as JSON or the printable HTML report',
    params: [
      pathParam('id', 'audit id'),
      { name: 'format', in: 'query', description: 'json (default) or html' },
    ],
    response: FirmwareReportDoc,
    render: {
      html: (report, ctx) => formatFirmwareHtml([report as unknown as FirmwareReport], ctx.kb),
    },
    handler: async (ctx, req) => {
      const saved = await ctx.store.firmware.get(idOf(req.params.id, 'audit'));
      if (saved === undefined) return notFound('firmware audit');
      return saved.report as FirmwareReportDoc;
    },
  }),
  route({
    method: 'POST',
    path: '/firmware',
    summary: `Upload a firmware image (at most ${maxFirmwareUploadBytes / 1024 ** 2} MiB); answered at once with a job, scanned and saved behind it`,
    params: [
      {
        name: 'name',
        in: 'query',
        description: 'the file name (Dahua release names carry the version)',
      },
    ],
    writes: true,
    accepts: ['application/octet-stream'],
    maxBodyBytes: maxFirmwareUploadBytes,
    response: FirmwareJob,
    handler: async (ctx, req) =>
      ctx.firmwareJobs.submit(
        req.body ?? new Uint8Array(),
        (req.query.get('name') ?? 'firmware.bin').replace(/[^\w.-]+/g, '_').slice(0, 120),
      ),
  }),
];
