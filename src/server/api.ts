// The JSON API under /api/v1: routes as data (method, path pattern, handler, documentation), so
// the router and the OpenAPI description come from one table. Handlers read the kb, the atlas
// and the store; only POST /scans writes.
import { nameOf, projectSuppliers } from '../atlas/records.js';
import { atlasStats } from '../atlas/stats.js';
import { atlasToGeoJson } from '../atlas/geojson.js';
import { describeVendor, Identifier } from '../kb/index.js';
import type { HostVerdict } from '../netaudit/fuse.js';
import { HttpError } from '../shared/errors.js';
import type { StoreArea } from '../store/index.js';
import { scanId, subjectPage, vendorPage } from './api-handlers.js';
import { limitOf, notFound, pathParam, type Route } from './api-types.js';

export {
  MAX_UPLOAD_BYTES,
  type ApiContext,
  type ApiRequest,
  type ApiResponse,
  type Route,
} from './api-types.js';

// What each answer is read from, so a cached one goes only when that changes: the kb is fixed
// while the server runs; the atlas lives in the store's records.
const fromKb: readonly StoreArea[] = [];
const fromAtlas: readonly StoreArea[] = ['records'];
const fromScans: readonly StoreArea[] = ['scans'];

export const routes: Route[] = [
  {
    method: 'GET',
    path: '/countries',
    reads: fromAtlas,
    summary: 'Countries in the atlas with counts of projects, claims and suppliers',
    handler: async (ctx) => {
      const atlas = await ctx.atlas();
      return atlas.countries.map((c) => {
        const projects = atlas.projects.filter((p) => p.country === c.id);
        const suppliers = new Set(projects.flatMap((p) => projectSuppliers(atlas, p)));
        return {
          id: c.id,
          iso3: c.iso3,
          numeric: c.numeric,
          name: c.name,
          region: c.region,
          projects: projects.length,
          claims: atlas.claims.filter(
            (x) =>
              x.subject === `country:${c.id}` ||
              projects.some((p) => x.subject === `project:${p.id}`),
          ).length,
          suppliers: [...suppliers].map((v) => nameOf(atlas, ctx.kb, v)),
          restrictions: ctx.kb.restrictions.filter((r) => r.jurisdiction.split('-')[0] === c.id)
            .length,
        };
      });
    },
  },
  {
    method: 'GET',
    path: '/countries/:id',
    reads: fromAtlas,
    summary: "A country's page: projects, figures with sources side by side, restrictions",
    params: [pathParam('id', 'ISO 3166-1 alpha-2 or alpha-3 code, or the name')],
    handler: async (ctx, req) => subjectPage(ctx, req.params.id ?? '', 'country'),
  },
  {
    method: 'GET',
    path: '/places',
    reads: fromAtlas,
    summary: 'Places with their projects, as a GeoJSON FeatureCollection (RFC 7946)',
    handler: async (ctx) => atlasToGeoJson(await ctx.atlas(), ctx.kb),
  },
  {
    method: 'GET',
    path: '/projects',
    reads: fromAtlas,
    summary: 'Projects: kind, country, status, suppliers',
    handler: async (ctx) => {
      const atlas = await ctx.atlas();
      return atlas.projects.map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        country: p.country,
        status: p.status,
        ...(p.started !== undefined ? { started: p.started } : {}),
        suppliers: projectSuppliers(atlas, p).map((v) => nameOf(atlas, ctx.kb, v)),
      }));
    },
  },
  {
    method: 'GET',
    path: '/projects/:id',
    reads: fromAtlas,
    summary: 'A project with its figures and sources',
    params: [pathParam('id', 'project id or name')],
    handler: async (ctx, req) => subjectPage(ctx, req.params.id ?? '', 'project'),
  },
  {
    method: 'GET',
    path: '/claims',
    reads: fromAtlas,
    summary: 'Claims, filtered by subject and property',
    params: [
      { name: 'subject', in: 'query', description: 'e.g. project:ecu-911, country:EC, world' },
      { name: 'property', in: 'query', description: 'e.g. cameras, financing' },
      { name: 'limit', in: 'query', description: 'at most this many (1-1000)' },
    ],
    handler: async (ctx, req) => {
      const subject = req.query.get('subject');
      const property = req.query.get('property');
      const atlas = await ctx.atlas();
      return atlas.claims
        .filter(
          (c) =>
            (subject === null || c.subject === subject) &&
            (property === null || c.property === property),
        )
        .slice(0, limitOf(req.query));
    },
  },
  {
    method: 'GET',
    path: '/statistics',
    reads: fromAtlas,
    summary:
      'Headline figures claimed versus supported, deployments, cameras, financing, restrictions',
    handler: async (ctx) => atlasStats(await ctx.atlas(), ctx.kb),
  },
  {
    method: 'GET',
    path: '/sources',
    reads: fromAtlas,
    summary: 'Every source the atlas and the kb cite',
    handler: async (ctx) => [...(await ctx.atlas()).sources, ...ctx.kb.sources.values()],
  },
  {
    method: 'GET',
    path: '/vendors',
    reads: fromKb,
    summary: 'Vendors in the kb with their coverage under US federal rules',
    handler: async (ctx) =>
      [...ctx.kb.vendors.values()].map((v) => {
        const verdict = describeVendor(ctx.kb, v.id, ctx.today());
        return {
          id: v.id,
          name: v.name,
          kind: v.kind,
          country: v.country,
          maker: verdict.maker.id,
          covered: verdict.covered,
          category: verdict.category,
        };
      }),
  },
  {
    method: 'GET',
    path: '/vendors/:id',
    reads: fromAtlas,
    summary:
      'A vendor: ownership, relations and brands, restrictions with dates, fingerprints, advisories, projects',
    params: [pathParam('id', 'vendor id or name')],
    handler: async (ctx, req) => vendorPage(ctx, req.params.id ?? ''),
  },
  {
    method: 'GET',
    path: '/relations',
    reads: fromKb,
    summary: 'Ownership, affiliate, brand and OEM relations between vendors',
    handler: async (ctx) => ctx.kb.relations,
  },
  {
    method: 'GET',
    path: '/restrictions',
    reads: fromKb,
    summary: 'Laws and rules restricting vendors, with dates and scope',
    handler: async (ctx) => ctx.kb.restrictions,
  },
  {
    method: 'GET',
    path: '/advisories',
    reads: fromKb,
    summary: 'Known vulnerabilities with affected firmware ranges',
    handler: async (ctx) => ctx.kb.advisories,
  },
  {
    method: 'GET',
    path: '/identify',
    reads: fromKb,
    summary: 'Identify a MAC, OUI, banner, model, brand or domain',
    params: [{ name: 'q', in: 'query', description: 'the value', required: true }],
    handler: async (ctx, req) => {
      const q = req.query.get('q') ?? '';
      if (q.trim() === '') throw new HttpError(400, 'q: give a value to identify');
      if (q.length > 4096) throw new HttpError(400, 'q: longer than 4096 characters');
      const out = new Identifier(ctx.kb, ctx.today()).identify(q);
      if (!out.ok) throw new HttpError(400, `q: ${out.error}`);
      return out;
    },
  },
  {
    method: 'GET',
    path: '/scans',
    reads: fromScans,
    summary: 'Scans and imports saved in the store, newest first',
    params: [{ name: 'limit', in: 'query', description: 'at most this many (1-1000)' }],
    handler: async (ctx, req) => ctx.store.scans.list({ limit: limitOf(req.query, 1000) }),
  },
  {
    method: 'GET',
    path: '/scans/:id',
    reads: fromScans,
    summary: 'One scan or import: its parameters and summary',
    params: [pathParam('id', 'scan id')],
    handler: async (ctx, req) =>
      (await ctx.store.scans.get(scanId(req.params.id))) ?? notFound('scan'),
  },
  {
    method: 'GET',
    path: '/scans/:id/hosts',
    reads: fromScans,
    summary: "A scan's hosts with verdicts and evidence, filtered by maker and restriction",
    params: [
      pathParam('id', 'scan id'),
      { name: 'maker', in: 'query', description: 'kb vendor id of the maker' },
      { name: 'restriction', in: 'query', description: 'kb restriction id that applies' },
      { name: 'covered', in: 'query', description: 'true or false' },
    ],
    handler: async (ctx, req) => {
      const sid = scanId(req.params.id);
      if ((await ctx.store.scans.get(sid)) === undefined) notFound('scan');
      const maker = req.query.get('maker');
      const covered = req.query.get('covered');
      if (covered !== null && covered !== 'true' && covered !== 'false')
        throw new HttpError(400, `covered: "${covered}" is not true or false`);
      const restriction = req.query.get('restriction');
      const hosts = await ctx.store.scans.hosts(sid, {
        ...(maker !== null ? { maker } : {}),
        ...(covered !== null ? { covered: covered === 'true' } : {}),
      });
      return hosts
        .map((h) => h.verdict as HostVerdict)
        .filter(
          (v) =>
            restriction === null ||
            v.restrictions.some((r) => r.restriction === restriction && r.status !== 'not-covered'),
        );
    },
  },
  {
    method: 'POST',
    path: '/scans',
    summary:
      "Upload an nmap XML file or a sousveil JSON scan; its hosts are identified (a JSON scan's verdicts are judged again from their evidence) and saved",
    params: [{ name: 'name', in: 'query', description: 'the file name, kept with the import' }],
    writes: true,
    accepts: ['application/xml', 'text/xml', 'application/json', 'application/octet-stream'],
    handler: async (ctx, req) =>
      ctx.uploads.run({
        bytes: req.body ?? new Uint8Array(),
        name: (req.query.get('name') ?? 'upload').replace(/[^\w.-]+/g, '_').slice(0, 100),
        contentType: req.contentType ?? '',
      }),
  },
  {
    method: 'GET',
    path: '/map/countries',
    reads: fromKb,
    summary:
      'Country shapes (Natural Earth 1:110m via world-atlas) as GeoJSON, keyed by ISO numeric id',
    handler: async (ctx) => ctx.countryShapes(),
  },
];
