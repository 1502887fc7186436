// Street cameras from OpenStreetMap: the viewport (clusters, then single cameras) and counts.
import {
  cameraStats,
  cameraView,
  MakerResolver,
  parseBbox,
  parseFilter,
} from '../fieldmap/index.js';
import { BasemapAnswer, CameraCollection, CameraStatsAnswer } from '../contract/index.js';
import type { Kb } from '../kb/index.js';
import { HttpError } from '../shared/errors.js';
import type { CameraFilter, StoreArea } from '../store/index.js';
import {
  BASEMAP_PATH,
  route,
  type ApiContext,
  type ApiRequest,
  type Param,
  type Route,
} from './api-types.js';

const fromCameras: readonly StoreArea[] = ['map'];

const filterParams: Param[] = [
  { name: 'maker', in: 'query', description: 'only this maker (any spelling the kb knows)' },
  {
    name: 'covered',
    in: 'query',
    description: 'true or false: only cameras whose maker is (not) covered',
  },
  {
    name: 'type',
    in: 'query',
    description: 'camera, ALPR, guard, gunshot_detector, other, unknown',
  },
  { name: 'operatorType', in: 'query', description: 'public, private or community' },
];

const resolvers = new WeakMap<Kb, { day: string; makers: MakerResolver }>();

/** One resolver per kb and day: maker names in filters mean what they mean today. */
function makersOf(ctx: ApiContext): MakerResolver {
  const day = ctx.today();
  let r = resolvers.get(ctx.kb);
  if (r?.day !== day) {
    r = { day, makers: new MakerResolver(ctx.kb, day) };
    resolvers.set(ctx.kb, r);
  }
  return r.makers;
}

function filterOf(ctx: ApiContext, q: URLSearchParams): CameraFilter {
  const makers = makersOf(ctx);
  return parseFilter(
    {
      maker: q.get('maker') ?? undefined,
      covered: q.get('covered') ?? undefined,
      type: q.get('type') ?? undefined,
      operatorType: q.get('operatorType') ?? undefined,
    },
    (n) => makers.makerOf(n),
  );
}

function zoomOf(req: ApiRequest): number {
  const raw = req.query.get('zoom');
  const zoom = Number(raw);
  if (raw === null || raw.trim() === '' || !Number.isFinite(zoom) || zoom < 0 || zoom > 24)
    throw new HttpError(400, `zoom: "${raw ?? ''}" is not a number from 0 to 24`);
  return zoom;
}

export const cameraRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/cameras',
    reads: fromCameras,
    summary:
      'OpenStreetMap surveillance cameras in a viewport: clusters with their covered share at low zoom, single cameras with direction and angle at street zoom (© OpenStreetMap contributors, ODbL)',
    params: [
      {
        name: 'bbox',
        in: 'query',
        description: 'west,south,east,north in degrees',
        required: true,
      },
      { name: 'zoom', in: 'query', description: 'map zoom, 0 to 24', required: true },
      ...filterParams,
    ],
    response: CameraCollection,
    handler: async (ctx, req) => {
      const bbox = req.query.get('bbox');
      if (bbox === null) throw new HttpError(400, 'bbox: give west,south,east,north');
      return cameraView(
        ctx.store.cameras,
        ctx.kb,
        makersOf(ctx),
        parseBbox(bbox),
        zoomOf(req),
        filterOf(ctx, req.query),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/cameras/stats',
    reads: fromCameras,
    summary:
      'Counts of OpenStreetMap cameras by maker, covered status, operator type and type, in a box or everywhere',
    params: [
      { name: 'bbox', in: 'query', description: 'west,south,east,north in degrees' },
      ...filterParams,
    ],
    response: CameraStatsAnswer,
    handler: async (ctx, req) => {
      const bbox = req.query.get('bbox');
      return cameraStats(
        ctx.store.cameras,
        ctx.kb,
        bbox === null ? undefined : parseBbox(bbox),
        filterOf(ctx, req.query),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/map/basemap',
    reads: [],
    summary:
      'The street basemap served with `serve --basemap` (a PMTiles v3 file read with range requests on this server), or configured: false',
    params: [],
    response: BasemapAnswer,
    handler: async (ctx) => basemapAnswer(ctx),
  }),
];

function basemapAnswer(ctx: ApiContext): BasemapAnswer {
  const b = ctx.basemap;
  if (b === undefined) return { configured: false };
  return {
    configured: true,
    url: BASEMAP_PATH,
    tileType: b.tileType,
    minZoom: b.header.minZoom,
    maxZoom: b.header.maxZoom,
    bounds: b.header.bounds,
    vectorLayers: b.vectorLayers,
    attribution: b.attribution ?? null,
  };
}
