// Atlas routes: countries, projects, places, claims, statistics, sources and the map's shapes.
// Each validates its input, asks an atlas view for the answer and declares the answer's shape.
import { z } from 'zod';
import { findSubject } from '../atlas/show.js';
import { Claim } from '../atlas/schema.js';
import { countryList, countryPage } from '../atlas/views/countries.js';
import { matchesProject, type ProjectFilters } from '../atlas/views/filters.js';
import { mapCountries, placeCollection } from '../atlas/views/map.js';
import { projectList, projectPage } from '../atlas/views/projects.js';
import { statisticsView } from '../atlas/views/statistics.js';
import {
  CountryList,
  CountryPage,
  MapCountries,
  PlaceCollection,
  ProjectList,
  ProjectPage,
  Statistics,
} from '../contract/index.js';
import { HttpError } from '../shared/errors.js';
import {
  formatParam,
  limitOf,
  notFound,
  pathParam,
  route,
  type ApiContext,
  type Param,
  type Route,
} from './api-types.js';
import { rowsToCsv } from './csv-rows.js';
import type { StoreArea } from '../store/index.js';

const fromAtlas: readonly StoreArea[] = ['records'];

const filterParams: Param[] = [
  { name: 'vendor', in: 'query', description: 'kb vendor id among the suppliers' },
  { name: 'kind', in: 'query', description: 'project kind, e.g. safe-city' },
  { name: 'class', in: 'query', description: 'surveillance or infrastructure' },
  { name: 'capability', in: 'query', description: 'e.g. facial-recognition' },
  { name: 'financier', in: 'query', description: 'organisation id of a financier' },
  { name: 'country', in: 'query', description: 'ISO 3166-1 alpha-2 code' },
  { name: 'status', in: 'query', description: 'e.g. operating' },
  { name: 'from', in: 'query', description: 'first start year' },
  { name: 'to', in: 'query', description: 'last start year' },
];

function year(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!/^\d{4}$/.test(raw)) throw new HttpError(400, `${name}: "${raw}" is not a year`);
  return Number(raw);
}

/** The project filters a query gives, checked. */
export function projectFilters(q: URLSearchParams): ProjectFilters {
  const f: ProjectFilters = {};
  for (const name of [
    'vendor',
    'kind',
    'class',
    'capability',
    'financier',
    'country',
    'status',
  ] as const) {
    const v = q.get(name);
    if (v !== null) {
      if (!/^[A-Za-z0-9._-]{1,80}$/.test(v))
        throw new HttpError(400, `${name}: "${v.slice(0, 80)}" is not an id`);
      f[name] = v;
    }
  }
  const from = year(q, 'from');
  const to = year(q, 'to');
  if (from !== undefined) f.from = from;
  if (to !== undefined) f.to = to;
  return f;
}

async function subject(
  ctx: ApiContext,
  query: string,
  kind: 'country' | 'project',
): Promise<string> {
  const atlas = await ctx.atlas();
  const found = findSubject(atlas, ctx.kb, decodeURIComponent(query));
  return found?.kind === kind ? found.id : notFound(kind);
}

export const atlasRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/countries',
    reads: fromAtlas,
    summary: 'Countries in the atlas with surveillance and infrastructure projects counted apart',
    params: [formatParam],
    response: CountryList,
    render: {
      csv: (rows) =>
        rowsToCsv(rows, [
          'id',
          'name',
          'region',
          'surveillanceProjects',
          'infrastructureProjects',
          'claims',
          'suppliers',
          'restrictions',
        ]),
    },
    handler: async (ctx) => countryList(await ctx.atlas(), ctx.kb),
  }),
  route({
    method: 'GET',
    path: '/countries/:id',
    reads: fromAtlas,
    summary: "A country's page: projects, figures with numbered sources, restrictions",
    params: [pathParam('id', 'ISO 3166-1 alpha-2 or alpha-3 code, or the name')],
    response: CountryPage,
    handler: async (ctx, req) => {
      const atlas = await ctx.atlas();
      return (
        countryPage(atlas, ctx.kb, await subject(ctx, req.params.id ?? '', 'country')) ??
        notFound('country')
      );
    },
  }),
  route({
    method: 'GET',
    path: '/projects',
    reads: fromAtlas,
    summary:
      'Projects: kind and class, country, suppliers, financiers, capabilities, start year — filtered',
    params: [...filterParams, formatParam],
    response: ProjectList,
    render: {
      csv: (rows) =>
        rowsToCsv(rows, [
          'id',
          'name',
          'kindLabel',
          'class',
          'country',
          'statusLabel',
          'started',
          'suppliers',
          'financiers',
          'capabilities',
        ]),
    },
    handler: async (ctx, req) => {
      const filters = projectFilters(req.query);
      return projectList(await ctx.atlas(), ctx.kb).filter((p) => matchesProject(p, filters));
    },
  }),
  route({
    method: 'GET',
    path: '/projects/:id',
    reads: fromAtlas,
    summary: "A project's page: timeline, financing, suppliers, places, figures, related projects",
    params: [pathParam('id', 'project id or name')],
    response: ProjectPage,
    handler: async (ctx, req) => {
      const atlas = await ctx.atlas();
      return (
        projectPage(atlas, ctx.kb, await subject(ctx, req.params.id ?? '', 'project')) ??
        notFound('project')
      );
    },
  }),
  route({
    method: 'GET',
    path: '/places',
    reads: fromAtlas,
    summary: 'Places with their projects, as a GeoJSON FeatureCollection (RFC 7946)',
    response: PlaceCollection,
    handler: async (ctx) => placeCollection(await ctx.atlas(), ctx.kb),
  }),
  route({
    method: 'GET',
    path: '/claims',
    reads: fromAtlas,
    summary: 'Claims, filtered by subject and property',
    params: [
      { name: 'subject', in: 'query', description: 'e.g. project:ecu-911, country:EC, world' },
      { name: 'property', in: 'query', description: 'e.g. cameras, financing' },
      { name: 'limit', in: 'query', description: 'at most this many (1-1000)' },
    ],
    response: z.array(Claim),
    handler: async (ctx, req) => {
      const subjectRef = req.query.get('subject');
      const property = req.query.get('property');
      const atlas = await ctx.atlas();
      const out: z.infer<typeof Claim>[] = [];
      const limit = limitOf(req.query);
      for (const c of atlas.claims) {
        if (out.length >= limit) break;
        if (
          (subjectRef === null || c.subject === subjectRef) &&
          (property === null || c.property === property)
        )
          out.push(c);
      }
      return out;
    },
  }),
  route({
    method: 'GET',
    path: '/statistics',
    reads: fromAtlas,
    summary:
      'Headline figures claimed versus supported; deployments, projects by year, cameras, financing, restrictions',
    response: Statistics,
    handler: async (ctx) => statisticsView(await ctx.atlas(), ctx.kb),
  }),
  route({
    method: 'GET',
    path: '/map/countries',
    reads: fromAtlas,
    summary:
      'Country shapes (Natural Earth 1:110m via world-atlas) with surveillance and infrastructure projects per country; dots for small states',
    response: MapCountries,
    handler: async (ctx) => mapCountries(await ctx.atlas(), ctx.kb, ctx.countryShapes()),
  }),
];
