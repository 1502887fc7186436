// Street cameras on the world map: clusters with their covered share at low zoom, then single
// cameras with their field-of-view cones at street zoom, from GET /api/v1/cameras for the visible
// area. Filters live in the URL (cmaker, ccovered, ctype, cop); a popup per camera; counts for the
// view; OpenStreetMap's attribution always shown. No tiles, no other host.
import type { Map as MapLibreMap, MapLayerMouseEvent, Popup } from 'maplibre-gl';
import { get } from '../api.js';
import { fmt, h } from '../dom.js';
import type { CameraCollection, CameraFeature, CameraStatsAnswer } from '../types.js';
import { params, setParams } from '../url.js';
import { attachPublicReports, publicReportsLegend } from './public-reports.js';

type Maplibre = typeof import('maplibre-gl');
type PointProps = Extract<CameraFeature['properties'], { cluster: false }>;

const colours = { covered: '#c0392b', other: '#2a6f97', unknown: '#8a8a8a' };
/** How far a cone reaches when nothing says: a short street-camera view. */
const coneLengthM = 30;

const filterKeys = {
  cmaker: 'maker',
  ccovered: 'covered',
  ctype: 'type',
  cop: 'operatorType',
} as const;

function cameraFilters(): Record<string, string | undefined> {
  const p = params();
  return Object.fromEntries(Object.entries(filterKeys).map(([url, api]) => [api, p[url]]));
}

/** A select bound to one URL parameter. */
function select(
  urlKey: keyof typeof filterKeys,
  label: string,
  options: readonly (readonly [string, string])[],
  onChange: () => void,
): HTMLElement {
  const id = `street-${urlKey}`;
  const s = h(
    'select',
    { id, name: urlKey },
    [['', 'any'] as const, ...options].map(([v, text]) => h('option', { value: v }, text)),
  ) as HTMLSelectElement;
  s.value = params()[urlKey] ?? '';
  s.addEventListener('change', () => {
    setParams({ [urlKey]: s.value });
    onChange();
  });
  return h('span', { class: 'street-filter' }, h('label', { for: id }, `${label} `), s);
}

function coneRing(lon: number, lat: number, direction: number, angle: number): number[][] {
  const dLat = coneLengthM / 111_320;
  const dLon = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
  const full = angle >= 360;
  const from = full ? 0 : direction - angle / 2;
  const steps = Math.max(4, Math.ceil((full ? 360 : angle) / 10));
  const arc: number[][] = [];
  for (let i = 0; i <= steps; i++) {
    const b = ((from + ((full ? 360 : angle) * i) / steps) * Math.PI) / 180;
    arc.push([lon + Math.sin(b) * dLon, lat + Math.cos(b) * dLat]);
  }
  return full ? arc : [[lon, lat], ...arc, [lon, lat]];
}

/** Field-of-view polygons of the single cameras in an answer. */
function cones(answer: CameraCollection): unknown {
  const features = [];
  for (const f of answer.features) {
    const p = f.properties;
    if (p.cluster) continue;
    const [lon, lat] = f.geometry.coordinates;
    for (const d of p.directions)
      features.push({
        type: 'Feature',
        properties: { covered: p.covered, known: p.maker !== null },
        geometry: { type: 'Polygon', coordinates: [coneRing(lon, lat, d, p.angle)] },
      });
  }
  return { type: 'FeatureCollection', features };
}

function statusText(p: PointProps): string {
  if (p.maker === null) return 'maker not known';
  if (!p.covered) return `${p.makerName ?? p.maker}: not covered by the US federal equipment rules`;
  return `${p.makerName ?? p.maker}: covered (${p.status})${p.coveredSince === null ? '' : ` since ${p.coveredSince}`}`;
}

function popupBody(p: PointProps, sources: CameraCollection['sources']): HTMLElement {
  const what = [p.type === 'unknown' ? 'surveillance device' : p.type, p.cameraType]
    .filter(Boolean)
    .join(', ');
  return h(
    'div',
    { class: 'camera-popup' },
    h('strong', {}, what),
    h('br'),
    `Made by: ${p.makerName ?? 'unknown'}${p.brand !== null ? ` (mapped as “${p.brand}”)` : ''}`,
    h('br'),
    statusText(p),
    p.operator !== null
      ? [h('br'), `Operator: ${p.operator}${p.operatorType === null ? '' : ` (${p.operatorType})`}`]
      : '',
    h('br'),
    p.directions.length > 0
      ? `Facing ${p.directions.map((d) => `${d}°`).join(', ')}, ${p.angle}° view${p.angleDefault ? ' (assumed)' : ''}`
      : 'Direction not mapped',
    p.city !== null || p.country !== null
      ? [h('br'), `Where: ${[p.city, p.country].filter((x) => x !== null).join(', ')}`]
      : '',
    h('br'),
    h('a', { href: p.osm, rel: 'noreferrer' }, 'On OpenStreetMap'),
    p.sources.length > 0
      ? h(
          'ul',
          { class: 'camera-sources' },
          p.sources.slice(0, 4).map((id) => {
            const s = sources[id];
            return h(
              'li',
              {},
              s?.url === undefined
                ? (s?.title ?? id)
                : h('a', { href: s.url, rel: 'noreferrer' }, s.title),
            );
          }),
        )
      : '',
  );
}

/** The panel under the map (counts, filters, legend, attribution) and the layers it drives. */
export function streetCameras(): {
  element: HTMLElement;
  attach: (map: MapLibreMap, maplibre: Maplibre) => void;
} {
  const counts = h(
    'p',
    { class: 'street-counts', role: 'status' },
    'Street cameras load with the map.',
  );
  let refresh: () => void = () => undefined;
  const makers = h('span');
  const form = h(
    'div',
    { class: 'street-filters', role: 'group', 'aria-label': 'Street camera filters' },
    makers,
    select(
      'ccovered',
      'Covered',
      [
        ['true', 'covered'],
        ['false', 'not covered'],
      ],
      () => refresh(),
    ),
    select(
      'ctype',
      'Type',
      [
        ['camera', 'camera'],
        ['ALPR', 'ALPR'],
        ['guard', 'guard'],
        ['gunshot_detector', 'gunshot detector'],
        ['unknown', 'not tagged'],
      ],
      () => refresh(),
    ),
    select(
      'cop',
      'Operator',
      [
        ['public', 'public'],
        ['private', 'private'],
        ['community', 'community'],
      ],
      () => refresh(),
    ),
  );
  void get<CameraStatsAnswer>('/cameras/stats').then((s) => {
    makers.replaceChildren(
      select(
        'cmaker',
        'Maker',
        s.byMaker.filter((m) => m.maker !== 'unknown').map((m) => [m.maker, m.name] as const),
        () => refresh(),
      ),
    );
  });
  const legendList = h(
    'ul',
    {},
    h(
      'li',
      {},
      h('span', { class: 'swatch dot', style: `background:${colours.covered}` }),
      'camera by a covered maker',
    ),
    h(
      'li',
      {},
      h('span', { class: 'swatch dot', style: `background:${colours.other}` }),
      'camera by another known maker',
    ),
    h(
      'li',
      {},
      h('span', { class: 'swatch dot', style: `background:${colours.unknown}` }),
      'maker not known',
    ),
    h('li', {}, h('span', { class: 'swatch cone' }), 'field of view (30 m drawn)'),
    h(
      'li',
      {},
      h('span', { class: 'swatch cluster' }),
      'a group of cameras: size by count, red by covered share',
    ),
    publicReportsLegend(),
  );
  const element = h(
    'section',
    { class: 'street-cameras', 'aria-label': 'Street cameras' },
    h('h2', {}, 'Street cameras'),
    counts,
    form,
    h('div', { class: 'street-legend', 'aria-label': 'Street camera legend' }, legendList),
    h(
      'p',
      { class: 'attribution' },
      'Camera data © ',
      h(
        'a',
        { href: 'https://www.openstreetmap.org/copyright', rel: 'noreferrer' },
        'OpenStreetMap contributors',
      ),
      ', available under the Open Database License (ODbL).',
    ),
  );
  return {
    element,
    attach: (map, maplibre) => {
      refresh = attachLayers(map, maplibre, counts);
      attachPublicReports(map, maplibre);
    },
  };
}

function attachLayers(map: MapLibreMap, maplibre: Maplibre, counts: HTMLElement): () => void {
  const box = map.getContainer();
  let last: CameraCollection | undefined;
  let asked = 0;
  let popup: Popup | undefined;
  const load = async (): Promise<void> => {
    const b = map.getBounds();
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v)).toFixed(5);
    const bbox = [
      clamp(b.getWest(), -180, 180),
      clamp(b.getSouth(), -85, 85),
      clamp(b.getEast(), -180, 180),
      clamp(b.getNorth(), -85, 85),
    ].join(',');
    const zoom = String(Math.floor(map.getZoom()));
    const n = ++asked;
    const answer = await get<CameraCollection>('/cameras', { bbox, zoom, ...cameraFilters() });
    if (n !== asked || !box.isConnected) return;
    last = answer;
    const setData = (id: string, data: unknown): Promise<void> =>
      (map.getSource(id) as unknown as { setData: (d: unknown) => Promise<void> }).setData(data);
    await Promise.all([
      setData('street-cameras', answer),
      setData(
        'street-cones',
        answer.mode === 'cameras' ? cones(answer) : { type: 'FeatureCollection', features: [] },
      ),
    ]);
    if (n !== asked) return;
    const share =
      answer.total === 0 ? '' : ` (${Math.round((answer.covered / answer.total) * 100)}%)`;
    counts.textContent = `${fmt.format(answer.total)} camera${answer.total === 1 ? '' : 's'} in view, ${fmt.format(answer.covered)} by covered makers${share}.${answer.mode === 'clusters' ? ' Zoom in to see single cameras.' : ''}${answer.truncated ? ' Only part of them is drawn: zoom in.' : ''}`;
    box.dataset.cameraMode = answer.mode;
    box.dataset.cameraFeatures = String(answer.features.length);
    box.dataset.cameraQuery = `${location.search}|${bbox}|${zoom}`;
  };
  const reload = (): void =>
    void load().catch(
      (e: unknown) =>
        (counts.textContent = `Street cameras could not be loaded (${(e as Error).message}).`),
    );
  const setUp = (): void => {
    map.addSource('street-cameras', {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    });
    map.addSource('street-cones', {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    });
    const colour = [
      'case',
      ['!', ['get', 'known']],
      colours.unknown,
      ['get', 'covered'],
      colours.covered,
      colours.other,
    ];
    map.addLayer({
      id: 'street-cones',
      type: 'fill',
      source: 'street-cones',
      paint: { 'fill-color': colour as never, 'fill-opacity': 0.25 },
    });
    map.addLayer({
      id: 'street-clusters',
      type: 'circle',
      source: 'street-cameras',
      filter: ['==', ['get', 'cluster'], true],
      paint: {
        'circle-radius': ['min', 28, ['+', 6, ['sqrt', ['get', 'count']]]] as never,
        'circle-color': [
          'interpolate',
          ['linear'],
          ['/', ['get', 'covered'], ['get', 'count']],
          0,
          colours.other,
          0.5,
          '#e67e22',
          1,
          colours.covered,
        ] as never,
        'circle-opacity': 0.8,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5,
      },
    });
    map.addLayer({
      id: 'street-points',
      type: 'circle',
      source: 'street-cameras',
      filter: ['==', ['get', 'cluster'], false],
      paint: {
        'circle-radius': 5,
        'circle-color': [
          'case',
          ['==', ['get', 'maker'], null],
          colours.unknown,
          ['get', 'covered'],
          colours.covered,
          colours.other,
        ] as never,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5,
      },
    });
    map.on('click', 'street-points', (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties.id as string | undefined;
      const f = last?.features.find((x) => !x.properties.cluster && x.properties.id === id);
      if (f === undefined || f.properties.cluster || last === undefined) return;
      popup?.remove();
      popup = new maplibre.Popup({ maxWidth: '20rem' })
        .setLngLat(f.geometry.coordinates)
        .setDOMContent(popupBody(f.properties, last.sources))
        .addTo(map);
    });
    map.on('click', 'street-clusters', (e: MapLayerMouseEvent) => {
      map.easeTo({ center: e.lngLat, zoom: Math.min(17, map.getZoom() + 3) });
    });
    for (const layer of ['street-points', 'street-clusters']) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
    map.on('moveend', reload);
    reload();
  };
  if (map.loaded()) setUp();
  else map.once('load', setUp);
  return reload;
}
