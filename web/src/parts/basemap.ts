// The street basemap of `serve --basemap FILE.pmtiles`: the file is read from this server with
// range requests (the `pmtiles` package's MapLibre protocol, BSD-3-Clause) and drawn under the
// cameras, fading in from zoom 5 to 7 so the world view keeps its country shading. Vector tiles get
// a plain style built from the layer names the file declares: fills and lines, no labels, so no
// glyphs or sprites are needed from anywhere. Raster tiles (PNG, JPEG, WebP) are drawn as they are.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { BasemapAnswer } from '../types.js';

type Maplibre = typeof import('maplibre-gl');
type Configured = Extract<BasemapAnswer, { configured: true }>;
type Layer = import('maplibre-gl').LayerSpecification;

let registered = false;

const fadeIn = ['interpolate', ['linear'], ['zoom'], 5, 0, 7, 1] as never;

/** Adds the basemap's source and layers below `before` (the first layer drawn above it). */
export async function addBasemap(
  map: MapLibreMap,
  maplibre: Maplibre,
  basemap: Configured,
  before: string,
): Promise<void> {
  if (!registered) {
    const { Protocol } = await import('pmtiles');
    maplibre.addProtocol('pmtiles', new Protocol().tile);
    registered = true;
  }
  const url = `pmtiles://${location.origin}${basemap.url}`;
  if (basemap.tileType === 'mvt') {
    map.addSource('basemap', { type: 'vector', url });
    for (const layer of vectorLayers(basemap)) map.addLayer(layer, before);
  } else {
    map.addSource('basemap', { type: 'raster', url, tileSize: 256 });
    map.addLayer(
      {
        id: 'basemap-raster',
        type: 'raster',
        source: 'basemap',
        paint: { 'raster-opacity': fadeIn },
      },
      before,
    );
  }
}

interface Look {
  rank: number;
  fill?: string;
  line?: string;
  dashed?: boolean;
}

/** A look by layer name, for the names common basemap schemas use; anything else is plain. */
function lookOf(id: string): Look {
  const n = id.toLowerCase();
  if (/earth|^land$|land_?cover|landmass/.test(n)) return { rank: 0, fill: '#f2efe9' };
  if (/park|green|wood|forest|natural|grass|nature/.test(n)) return { rank: 1, fill: '#d8e8c8' };
  if (/landuse|land_?use/.test(n)) return { rank: 1, fill: '#ebe6dc' };
  if (/water|ocean|sea|lake|river/.test(n)) return { rank: 2, fill: '#aacbe0', line: '#8db6d3' };
  if (/build/.test(n)) return { rank: 3, fill: '#d9d2c9', line: '#c4bbb0' };
  if (/road|street|transport|highway|rail|path/.test(n)) return { rank: 4, line: '#ffffff' };
  if (/bound|admin|border/.test(n)) return { rank: 5, line: '#9a8fa6', dashed: true };
  return { rank: 3, fill: '#e8e4dc', line: '#c9c3b8' };
}

function vectorLayers(basemap: Configured): Layer[] {
  const layers: Layer[] = [];
  const ordered = basemap.vectorLayers
    .map((l) => ({ ...l, look: lookOf(l.id) }))
    .sort((a, b) => a.look.rank - b.look.rank);
  for (const { id, look } of ordered) {
    const base = { source: 'basemap', 'source-layer': id, minzoom: 4 };
    if (look.fill !== undefined)
      layers.push({
        ...base,
        id: `basemap-${id}-fill`,
        type: 'fill',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': look.fill, 'fill-opacity': fadeIn },
      });
    if (look.line !== undefined)
      layers.push({
        ...base,
        id: `basemap-${id}-line`,
        type: 'line',
        filter: ['==', ['geometry-type'], 'LineString'],
        paint: {
          'line-color': look.line,
          'line-opacity': fadeIn,
          'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 8, 0.5, 18, 8] as never,
          ...(look.dashed === true ? { 'line-dasharray': [3, 2] } : {}),
        },
      });
  }
  return layers;
}
