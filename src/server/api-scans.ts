// Network-audit routes: saved scans, their hosts (JSON, CSV or the printable HTML report),
// uploads, comparisons and deletion.
import {
  Deleted,
  HostList,
  ScanDiff,
  ScanList,
  ScanSummary,
  UploadResult,
} from '../contract/index.js';
import type { HostVerdict } from '../netaudit/fuse.js';
import { formatHostCsv } from '../netaudit/report/csv.js';
import { diffScans } from '../netaudit/report/diff.js';
import { formatHostHtml } from '../netaudit/report/html.js';
import { HttpError } from '../shared/errors.js';
import type { StoreArea } from '../store/index.js';
import { scanId } from './api-handlers.js';
import { limitOf, notFound, pathParam, route, type ApiContext, type Route } from './api-types.js';

const fromScans: readonly StoreArea[] = ['scans'];

async function hostsOf(ctx: ApiContext, id: number): Promise<HostVerdict[]> {
  if ((await ctx.store.scans.get(id)) === undefined) notFound('scan');
  return (await ctx.store.scans.hosts(id)).map((h) => h.verdict as HostVerdict);
}

export const scanRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/scans',
    reads: fromScans,
    summary: 'Scans and imports saved in the store, newest first',
    params: [{ name: 'limit', in: 'query', description: 'at most this many (1-1000)' }],
    response: ScanList,
    handler: async (ctx, req) => ctx.store.scans.list({ limit: limitOf(req.query, 1000) }),
  }),
  route({
    method: 'GET',
    path: '/scans/diff',
    reads: fromScans,
    summary: 'Two saved scans compared host by host: what appeared, disappeared or changed',
    params: [
      { name: 'a', in: 'query', description: 'the earlier scan id', required: true },
      { name: 'b', in: 'query', description: 'the later scan id', required: true },
    ],
    response: ScanDiff,
    handler: async (ctx, req) => {
      const a = scanId(req.query.get('a') ?? undefined);
      const b = scanId(req.query.get('b') ?? undefined);
      return diffScans(await hostsOf(ctx, a), await hostsOf(ctx, b));
    },
  }),
  route({
    method: 'GET',
    path: '/scans/:id',
    reads: fromScans,
    summary: 'One scan or import: its parameters and summary',
    params: [pathParam('id', 'scan id')],
    response: ScanSummary,
    handler: async (ctx, req) =>
      (await ctx.store.scans.get(scanId(req.params.id))) ?? notFound('scan'),
  }),
  route({
    method: 'GET',
    path: '/scans/:id/hosts',
    reads: fromScans,
    summary:
      "A scan's hosts with verdicts and evidence, filtered; as JSON, CSV or the printable HTML report",
    params: [
      pathParam('id', 'scan id'),
      { name: 'maker', in: 'query', description: 'kb vendor id of the maker' },
      { name: 'restriction', in: 'query', description: 'kb restriction id that reaches the host' },
      { name: 'covered', in: 'query', description: 'true or false' },
      { name: 'format', in: 'query', description: 'json (default), csv or html' },
    ],
    response: HostList,
    render: {
      csv: (hosts) => formatHostCsv(hosts),
      html: (hosts, ctx, req) =>
        formatHostHtml(hosts, {
          title: `sousveil network audit — scan ${req.params.id ?? ''}`,
          generatedAt: ctx.now(),
          targets: [],
          sources: new Map(
            [...new Set(hosts.flatMap((h) => h.evidence.flatMap((e) => e.sources)))].flatMap(
              (id) => {
                const s = ctx.kb.sources.get(id);
                return s === undefined ? [] : [[id, s] as const];
              },
            ),
          ),
        }),
    },
    handler: async (ctx, req) => {
      const sid = scanId(req.params.id);
      if ((await ctx.store.scans.get(sid)) === undefined) notFound('scan');
      const maker = req.query.get('maker');
      const covered = req.query.get('covered');
      if (covered !== null && covered !== 'true' && covered !== 'false')
        throw new HttpError(400, `covered: "${covered.slice(0, 40)}" is not true or false`);
      const restriction = req.query.get('restriction');
      const hosts = await ctx.store.scans.hosts(sid, {
        ...(maker !== null ? { maker } : {}),
        ...(covered !== null ? { covered: covered === 'true' } : {}),
      });
      return hosts
        .map((h) => h.verdict as HostVerdict)
        .filter(
          (v) => restriction === null || v.restrictions.some((r) => r.restriction === restriction),
        );
    },
  }),
  route({
    method: 'POST',
    path: '/scans',
    summary:
      "Upload an nmap XML file or a sousveil JSON scan; its hosts are identified (a JSON scan's verdicts are judged again from their evidence) and saved — the same bytes twice are saved once",
    params: [{ name: 'name', in: 'query', description: 'the file name, kept with the import' }],
    writes: true,
    accepts: ['application/xml', 'text/xml', 'application/json', 'application/octet-stream'],
    response: UploadResult,
    handler: async (ctx, req) =>
      ctx.uploads.run({
        bytes: req.body ?? new Uint8Array(),
        name: (req.query.get('name') ?? 'upload').replace(/[^\w.-]+/g, '_').slice(0, 100),
        contentType: req.contentType ?? '',
      }),
  }),
  route({
    method: 'DELETE',
    path: '/scans/:id',
    summary: 'Delete a saved scan and its hosts',
    params: [pathParam('id', 'scan id')],
    writes: true,
    response: Deleted,
    handler: async (ctx, req) => {
      const id = scanId(req.params.id);
      if (!(await ctx.store.scans.delete(id))) notFound('scan');
      return { deleted: id };
    },
  }),
];
