// App-audit routes: upload an app (audited off the request path, 202 with a job to poll), the
// job's progress, saved reports (a page of them, one as JSON or printable HTML), and the SDKs
// of the kb with the saved apps each was seen in.
import { appReportView, appScanItem, formatAppHtml, type AppReport } from '../appaudit/index.js';
import { AppJob, AppReportView, AppScanPage, SdkList, SdkPage } from '../contract/index.js';
import { sdkList, sdkPage } from '../kb/index.js';
import { HttpError } from '../shared/errors.js';
import type { StoreArea } from '../store/index.js';
import { notFound, pathParam, route, type ApiContext, type Route } from './api-types.js';

const fromApps: readonly StoreArea[] = ['apps'];

/** A saved report's id from the path or query, or a 400 naming it. */
function appId(raw: string | undefined | null, what = 'app report id'): number {
  const n = Number(raw);
  if (raw === null || raw === undefined || !Number.isInteger(n) || n < 1)
    throw new HttpError(400, `${what} "${(raw ?? '').slice(0, 40)}" is not a number`);
  return n;
}

/** A whole number from 1 to `max`, or the default when absent; a 400 naming it otherwise. */
function countOf(raw: string | null, name: string, max: number, fallback: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new HttpError(
      400,
      `${name}: "${raw.slice(0, 40)}" is not a whole number from 1 to ${max}`,
    );
  return n;
}

async function savedReport(ctx: ApiContext, id: number): Promise<AppReport> {
  const saved = await ctx.store.apps.get(id);
  return (saved?.report as AppReport | undefined) ?? notFound('app report');
}

/** A ZIP archive starts with a local file header (or, empty, the end record). */
const isZip = (b: Uint8Array): boolean =>
  b[0] === 0x50 &&
  b[1] === 0x4b &&
  (b[2] === 0x03 || b[2] === 0x05) &&
  (b[3] === 0x04 || b[3] === 0x06);

export const appRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/apps',
    reads: fromApps,
    summary: 'Saved app audits, newest first, a page at a time',
    params: [
      { name: 'limit', in: 'query', description: 'at most this many (1-200, default 50)' },
      { name: 'before', in: 'query', description: 'only audits with a smaller id (the next page)' },
      { name: 'package', in: 'query', description: "only this package's audits" },
      { name: 'sdk', in: 'query', description: 'only audits that found this SDK (kb id)' },
    ],
    response: AppScanPage,
    handler: async (ctx, req) => {
      const limit = countOf(req.query.get('limit'), 'limit', 200, 50);
      const before = req.query.get('before');
      const pkg = req.query.get('package');
      const sdk = req.query.get('sdk');
      const rows = await ctx.store.apps.list({
        limit: limit + 1,
        ...(before === null ? {} : { beforeId: appId(before, 'before') }),
        ...(pkg === null ? {} : { package: pkg }),
        ...(sdk === null ? {} : { sdk }),
      });
      const items = rows.slice(0, limit).map(appScanItem);
      const last = items[items.length - 1];
      return {
        items,
        ...(rows.length > limit && last !== undefined ? { nextBefore: last.id } : {}),
      };
    },
  }),
  route({
    method: 'POST',
    path: '/apps',
    summary:
      'Upload an app (APK, XAPK/APKS bundle, AAB) to audit: answered at once with a job to poll; the report is saved — the same bytes twice are audited once',
    params: [{ name: 'name', in: 'query', description: 'the file name, kept with the report' }],
    writes: true,
    bodyLimit: 'app',
    status: 202,
    accepts: [
      'application/vnd.android.package-archive',
      'application/octet-stream',
      'application/zip',
    ],
    response: AppJob,
    handler: async (ctx, req) => {
      const bytes = req.body ?? new Uint8Array();
      if (bytes.length === 0) throw new HttpError(400, 'the upload is empty');
      if (!isZip(bytes))
        throw new HttpError(415, 'upload an Android app: an APK, XAPK/APKS or AAB (a ZIP archive)');
      const name = (req.query.get('name') ?? 'upload.apk').replace(/[^\w.-]+/g, '_').slice(0, 100);
      return ctx.appJobs.submit({ bytes, name }, req.keepBody);
    },
  }),
  route({
    method: 'GET',
    path: '/apps/jobs/:id',
    volatile: true,
    summary:
      "An uploaded app's audit: its phase and percent, then the saved report's id, or why it failed",
    params: [pathParam('id', 'job id, as the upload answered')],
    response: AppJob,
    handler: async (ctx, req) => ctx.appJobs.get(req.params.id ?? '') ?? notFound('app job'),
  }),
  route({
    method: 'GET',
    path: '/apps/:id',
    reads: fromApps,
    summary:
      'One saved app audit: identity, SDKs with maker, country, categories and evidence, permissions by risk, vendor-cloud hosts, packers; as JSON or the printable HTML report',
    params: [
      pathParam('id', 'app report id'),
      { name: 'format', in: 'query', description: 'json (default) or html' },
    ],
    response: AppReportView,
    render: {
      html: async (view, ctx) => formatAppHtml([await savedReport(ctx, view.id)], ctx.kb),
    },
    handler: async (ctx, req) => {
      const id = appId(req.params.id);
      return appReportView(ctx.kb, id, await savedReport(ctx, id));
    },
  }),
  route({
    method: 'GET',
    path: '/sdks',
    reads: fromApps,
    summary:
      'SDKs the kb knows, with maker, country, categories and how many saved apps carry each',
    response: SdkList,
    handler: async (ctx) => sdkList(ctx.kb, await ctx.store.apps.sdkCounts()),
  }),
  route({
    method: 'GET',
    path: '/sdks/:id',
    reads: fromApps,
    summary:
      'One SDK: maker, country, the ownership chain and restrictions of its maker, its rules with their evidence kind, sources, and the saved apps it was seen in',
    params: [pathParam('id', 'kb SDK id')],
    response: SdkPage,
    handler: async (ctx, req) => {
      const id = req.params.id ?? '';
      if (!ctx.kb.sdks.some((s) => s.id === id)) return notFound('SDK');
      const rows = await ctx.store.apps.list({ sdk: id, limit: 101 });
      const apps = { items: rows.slice(0, 100).map(appScanItem), more: rows.length > 100 };
      return sdkPage(ctx.kb, id, apps, ctx.today()) ?? notFound('SDK');
    },
  }),
];
