// What the map shows for a viewport (pure over the camera repository): clusters of a grid sized to
// the zoom, then single cameras with their field of view once the view is street-sized.
import type { CameraCollection, CameraFeature, CameraStatsAnswer } from '../contract/index.js';
import type { Kb } from '../kb/index.js';
import type { MakerResolver } from './maker.js';
import type { BoundingBox, CameraFilter, CameraRepository } from '../store/index.js';
import type { Camera } from './camera.js';
import { cameraOfRecord } from './camera-store.js';
import { cameraProperties, osmAttribution } from './export.js';

/** From this zoom on, cameras are always single. */
export const streetZoom = 15;
/** From this zoom on, a view holding at most `fewCameras` shows them single. */
export const nearZoom = 12;
export const fewCameras = 500;
/** Most single cameras in one answer. */
export const maxSingles = 5000;

/** A grid cell about 64 pixels wide at this zoom (256-pixel tiles). */
export function cellDegrees(zoom: number): number {
  return 360 / 2 ** zoom / 4;
}

/** The cameras of a viewport: clusters, or single cameras at street zoom. */
export async function cameraView(
  repo: CameraRepository,
  kb: Kb,
  makers: MakerResolver,
  box: BoundingBox,
  zoom: number,
  filter: CameraFilter,
): Promise<CameraCollection> {
  // Below street zoom the grid answers first (no scan of the cameras); its total says whether a
  // near view holds few enough cameras to show them one by one.
  const clusters =
    zoom >= streetZoom ? undefined : await repo.clusters(box, cellDegrees(zoom), filter);
  const gridTotal = clusters?.reduce((s, c) => s + c.count, 0);
  const single = clusters === undefined || (zoom >= nearZoom && (gridTotal ?? 0) <= fewCameras);
  const base = { type: 'FeatureCollection' as const, zoom, attribution: osmAttribution };
  if (!single) {
    return {
      ...base,
      mode: 'clusters',
      total: gridTotal ?? 0,
      covered: clusters.reduce((s, c) => s + c.covered, 0),
      truncated: false,
      features: clusters.map((c) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [round6(c.lon), round6(c.lat)] },
        properties: { cluster: true, count: c.count, covered: c.covered, byMaker: c.byMaker },
      })),
      sources: {},
    };
  }
  const total = await repo.countInBox(box, filter);
  const records = await repo.inBox(box, filter, maxSingles);
  const covered =
    filter.covered === false ? 0 : await repo.countInBox(box, { ...filter, covered: true });
  const cameras = records.map((r) => withSources(cameraOfRecord(r), makers));
  const features: CameraFeature[] = cameras.map((c) => {
    return {
      type: 'Feature',
      id: c.id,
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { cluster: false, ...cameraProperties(c) } as CameraFeature['properties'],
    };
  });
  return {
    ...base,
    mode: 'cameras',
    total,
    covered,
    truncated: total > records.length,
    features,
    sources: sourcesOf(kb, cameras),
  };
}

/** The stored camera with its maker's sources as the kb gives them today. */
function withSources(c: Camera, makers: MakerResolver): Camera {
  if (c.maker === undefined) return c;
  const sources = makers.describe(c.maker.brand ?? c.maker.maker)?.sources ?? [];
  return { ...c, maker: { ...c.maker, sources } };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function sourcesOf(kb: Kb, cameras: readonly Camera[]): CameraCollection['sources'] {
  const out: CameraCollection['sources'] = {};
  for (const c of cameras)
    for (const id of c.maker?.sources ?? []) {
      if (id in out) continue;
      const s = kb.sources.get(id);
      if (s !== undefined) out[id] = { title: s.title, publisher: s.publisher, url: s.url };
    }
  return out;
}

/** Counts for an area, with the makers' names. */
export async function cameraStats(
  repo: CameraRepository,
  kb: Kb,
  box: BoundingBox | undefined,
  filter: CameraFilter,
): Promise<CameraStatsAnswer> {
  const s = await repo.stats(box, filter, 50);
  return {
    ...s,
    byMaker: s.byMaker.map((m) => ({ ...m, name: kb.vendors.get(m.maker)?.name ?? m.maker })),
    byCountry: s.byCountry.map((g) => ({ name: g.key, count: g.count, covered: g.covered })),
    byCity: s.byCity.map((g) => ({
      name: g.key,
      country: g.country ?? 'unknown',
      count: g.count,
      covered: g.covered,
    })),
    attribution: osmAttribution,
  };
}
