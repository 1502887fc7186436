// The world map: Natural Earth country shapes shaded by the surveillance projects the atlas
// records (filtered as the URL says), infrastructure as a separate optional layer, dots for small
// states, a legend, names and counts on hover and focus, a popup on click, zoom buttons. No tiles,
// no glyphs, no other host. The list of countries under it is the keyboard's way in.
import type { MapLayerMouseEvent, Map as MapLibreMap, Popup } from 'maplibre-gl';
import { apiUrl, get } from '../api.js';
import { fmt, h } from '../dom.js';
import { navigate } from '../nav.js';
import { addBasemap } from '../parts/basemap.js';
import { downloads } from '../parts/download.js';
import { currentFilters, filterForm } from '../parts/project-filters.js';
import { streetCameras } from '../parts/street-cameras.js';
import type {
  BasemapAnswer,
  CountryItem,
  MapCountries,
  PlaceCollection,
  ProjectItem,
} from '../types.js';
import { params, setParams } from '../url.js';

interface Counts {
  surveillance: number;
  infrastructure: number;
}

/** Matching projects per country, by class. */
function countsOf(projects: readonly ProjectItem[]): Map<string, Counts> {
  const m = new Map<string, Counts>();
  for (const p of projects) {
    const c = m.get(p.country.id) ?? { surveillance: 0, infrastructure: 0 };
    c[p.class]++;
    m.set(p.country.id, c);
  }
  return m;
}

const shades = ['#f4f1ea', '#f2b880', '#d9662a', '#8f2d0f'];

function legend(): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'aria-label': 'Legend' },
    h('strong', {}, 'Surveillance projects recorded'),
    h(
      'ul',
      {},
      ['none', '1', '2–3', '4 or more'].map((label, i) =>
        h('li', {}, h('span', { class: `swatch shade-${i}` }), label),
      ),
      h('li', {}, h('span', { class: 'swatch dot' }), 'a place named by a project'),
      h('li', {}, h('span', { class: 'swatch hatch' }), 'infrastructure only (when shown)'),
    ),
  );
}

export async function mapPage(main: HTMLElement): Promise<void> {
  const [countries, all] = await Promise.all([
    get<CountryItem[]>('/countries'),
    get<ProjectItem[]>('/projects'),
  ]);
  const mapBox = h('div', {
    id: 'map',
    class: 'map',
    role: 'region',
    'aria-label':
      'World map of recorded projects; the list of countries below has the same content',
  });
  const status = h('p', { class: 'map-status visually-hidden', role: 'status' });
  const infra = h('input', {
    type: 'checkbox',
    id: 'show-infra',
    checked: params().infra === '1',
  }) as HTMLInputElement;
  const summary = h('p', { class: 'lede' });
  const list = h('div', { class: 'country-list' });
  const dl = h('div');
  let redraw: (projects: ProjectItem[]) => void = () => undefined;
  const update = async (): Promise<void> => {
    const filters = currentFilters();
    const projects = await get<ProjectItem[]>('/projects', filters);
    const counts = countsOf(projects);
    const shaded = [...counts.values()].filter((c) => c.surveillance > 0).length;
    summary.textContent = `${fmt.format(projects.filter((p) => p.class === 'surveillance').length)} surveillance projects in ${shaded} countries match; ${fmt.format(projects.filter((p) => p.class === 'infrastructure').length)} infrastructure projects (ports, railways, corridors, networks) are counted apart.`;
    list.replaceChildren(countryList(countries, counts));
    // What the list now shows, for anyone (and any test) waiting for a filter to take effect.
    list.dataset.query = location.search;
    dl.replaceChildren(
      downloads('/projects', filters, 'projects'),
      h(
        'p',
        { class: 'downloads' },
        'Places of all projects: ',
        h('a', { href: apiUrl('/places'), download: 'places.geojson' }, 'GeoJSON'),
      ),
    );
    redraw(projects);
  };
  const form = filterForm(all, () => void update());
  const cameras = streetCameras();
  infra.addEventListener('change', () => {
    setParams({ infra: infra.checked ? '1' : undefined });
    void update();
  });
  main.append(
    h('h1', {}, 'Surveillance exports, country by country'),
    summary,
    h('div', { class: 'map-wrap' }, mapBox, legend()),
    cameras.element,
    form,
    h(
      'p',
      {},
      infra,
      h(
        'label',
        { for: 'show-infra' },
        ' Show infrastructure projects (ports, railways, corridors) as their own layer',
      ),
    ),
    status,
    dl,
    h('h2', {}, 'Countries'),
    list,
  );
  await update();
  // The map library loads after the page is up, so a slow link shows the list first.
  void drawMap(
    mapBox,
    status,
    infra,
    (fn) => {
      redraw = fn;
      void update();
    },
    cameras.attach,
  );
}

function countryList(countries: readonly CountryItem[], counts: Map<string, Counts>): Node {
  const rows = countries
    .map((c) => ({ c, n: counts.get(c.id) ?? { surveillance: 0, infrastructure: 0 } }))
    .filter(({ c, n }) => n.surveillance + n.infrastructure > 0 || c.restrictions > 0)
    .sort((a, b) => b.n.surveillance - a.n.surveillance || a.c.name.localeCompare(b.c.name));
  return h(
    'ul',
    {},
    rows.map(({ c, n }) =>
      h(
        'li',
        { 'data-country': c.id },
        h('a', { href: `/countries/${c.id}` }, c.name),
        ` — ${n.surveillance} surveillance project${n.surveillance === 1 ? '' : 's'}`,
        n.infrastructure > 0 ? `, ${n.infrastructure} infrastructure` : '',
        c.suppliers.length > 0 ? `; suppliers: ${c.suppliers.map((s) => s.name).join(', ')}` : '',
        c.restrictions > 0
          ? `; ${c.restrictions} restriction${c.restrictions === 1 ? '' : 's'}`
          : '',
      ),
    ),
  );
}

function popupText(p: Record<string, unknown>): HTMLElement {
  const s = Number(p.surveillance ?? 0);
  const i = Number(p.infrastructure ?? 0);
  const id = typeof p.id === 'string' ? p.id : '';
  return h(
    'div',
    {},
    h('strong', {}, typeof p.name === 'string' ? p.name : ''),
    h('br'),
    `${s} surveillance project${s === 1 ? '' : 's'}${i > 0 ? `, ${i} infrastructure` : ''}`,
    id !== '' ? [h('br'), h('a', { href: `/countries/${id}` }, 'Open the country’s page')] : '',
  );
}

async function drawMap(
  box: HTMLElement,
  status: HTMLElement,
  infra: HTMLInputElement,
  onReady: (redraw: (projects: ProjectItem[]) => void) => void,
  onMap: (map: MapLibreMap, maplibre: typeof import('maplibre-gl')) => void,
): Promise<void> {
  try {
    const [maplibre, workerUrl, shapes, places, basemap] = await Promise.all([
      import('maplibre-gl'),
      import('maplibre-gl/dist/maplibre-gl-worker.mjs?url').then(
        (m: { default: string }) => m.default,
      ),
      get<MapCountries>('/map/countries'),
      get<PlaceCollection>('/places'),
      get<BasemapAnswer>('/map/basemap'),
      import('maplibre-gl/dist/maplibre-gl.css'),
    ]);
    maplibre.setWorkerUrl(workerUrl);
    const dots = {
      type: 'FeatureCollection' as const,
      features: shapes.dots.map((d) => ({
        type: 'Feature' as const,
        properties: d.properties,
        geometry: { type: 'Point' as const, coordinates: [d.lon, d.lat] },
      })),
    };
    const p = params();
    const map: MapLibreMap = new maplibre.Map({
      container: box,
      style: style(shapes, dots, places),
      center: [Number(p.lon ?? 20), Number(p.lat ?? 15)],
      zoom: Number(p.z ?? 0.8),
      attributionControl: false,
      renderWorldCopies: false,
    });
    map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
    map.on('error', (e) => {
      box.dataset.mapError = e.error.message;
    });
    if (basemap.configured) withBasemap(map, maplibre, box, basemap);
    onMap(map, maplibre);
    if (p.z === undefined)
      map.fitBounds(
        [
          [-170, -58],
          [190, 80],
        ],
        { animate: false, padding: 4 },
      );
    let popup: Popup | undefined;
    const show = (props: Record<string, unknown>, at: [number, number]): void => {
      popup?.remove();
      const made = new maplibre.Popup({ closeButton: true, maxWidth: '18rem' })
        .setLngLat(at)
        .setDOMContent(popupText(props))
        .addTo(map);
      popup = made;
      made.getElement().addEventListener('click', (e) => {
        const a = (e.target as Element).closest('a');
        if (a !== null) {
          e.preventDefault();
          navigate(a.getAttribute('href') ?? '/');
        }
      });
    };
    for (const layer of ['countries', 'small-states']) {
      map.on('click', layer, (e: MapLayerMouseEvent) => {
        const f = e.features?.[0];
        if (f !== undefined) show(f.properties, [e.lngLat.lng, e.lngLat.lat]);
      });
      map.on('mousemove', layer, (e: MapLayerMouseEvent) => {
        const f = e.features?.[0];
        map.getCanvas().style.cursor = 'pointer';
        map.getCanvas().title =
          f === undefined
            ? ''
            : `${String(f.properties.name)}: ${String(f.properties.surveillance ?? 0)} surveillance projects`;
      });
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
    map.on('moveend', () => {
      // Once another page is shown, this map is gone: it must not write that page's URL.
      if (!box.isConnected) {
        map.remove();
        return;
      }
      const c = map.getCenter();
      // Street views need finer positions than the world: about a pixel's worth of decimals.
      const digits = Math.min(6, Math.max(2, Math.ceil(map.getZoom() / 3)));
      setParams({
        lon: c.lng.toFixed(digits),
        lat: c.lat.toFixed(digits),
        z: map.getZoom().toFixed(2),
      });
    });
    map.once('idle', () => {
      const drawn = new Set(map.queryRenderedFeatures({ layers: ['countries'] }).map((f) => f.id));
      box.dataset.countries = String(drawn.size);
      box.dataset.ready = 'true';
      status.textContent = 'The map is ready.';
    });
    // The list's links also show their country on the map when focused.
    document.querySelector('.country-list')?.addEventListener('focusin', (e) => {
      const id = (e.target as Element).closest('li')?.getAttribute('data-country');
      const f = shapes.features.find((x) => x.properties.id === id);
      const d = shapes.dots.find((x) => x.properties.id === id);
      if (d !== undefined) show({ ...d.properties }, [d.lon, d.lat]);
      else if (f !== undefined) {
        const centre = centreOf(f.geometry);
        if (centre !== undefined) show({ ...f.properties }, centre);
      }
    });
    (window as unknown as { sousveilMap: unknown }).sousveilMap = map;
    onReady((projects) => {
      const counts = countsOf(projects);
      const withCounts = <T extends { properties: { id?: string } }>(f: T): T => ({
        ...f,
        properties: {
          ...f.properties,
          surveillance: counts.get(f.properties.id ?? '')?.surveillance ?? 0,
          infrastructure: counts.get(f.properties.id ?? '')?.infrastructure ?? 0,
          showInfra: infra.checked,
        },
      });
      const set = (): void => {
        (map.getSource('countries') as unknown as { setData: (d: unknown) => void }).setData({
          ...shapes,
          features: shapes.features.map(withCounts),
        });
        (map.getSource('small-states') as unknown as { setData: (d: unknown) => void }).setData({
          ...dots,
          features: dots.features.map(withCounts),
        });
        map.setLayoutProperty('infrastructure', 'visibility', infra.checked ? 'visible' : 'none');
      };
      if (map.loaded()) set();
      else map.once('load', set);
    });
  } catch (e) {
    status.classList.remove('visually-hidden');
    status.textContent = `The map could not be drawn (${(e as Error).message}); the list below has every country.`;
  }
}

/** The street basemap under the borders and cameras, its attribution under the map. */
function withBasemap(
  map: MapLibreMap,
  maplibre: typeof import('maplibre-gl'),
  box: HTMLElement,
  basemap: Extract<BasemapAnswer, { configured: true }>,
): void {
  box.after(
    h(
      'p',
      { class: 'basemap-attribution' },
      `Street basemap: ${basemap.attribution ?? 'a local PMTiles file'}`,
    ),
  );
  map.once('load', () => {
    // The country shading gives way to the streets as the map zooms in.
    map.setPaintProperty('countries', 'fill-opacity', [
      'interpolate',
      ['linear'],
      ['zoom'],
      5,
      1,
      7,
      0.3,
    ] as never);
    addBasemap(map, maplibre, basemap, 'borders').then(
      () => (box.dataset.basemap = basemap.tileType),
      (e: unknown) => (box.dataset.mapError = (e as Error).message),
    );
  });
}

function centreOf(geometry: unknown): [number, number] | undefined {
  const g = geometry as { type: string; coordinates: unknown };
  const ring =
    g.type === 'Polygon'
      ? (g.coordinates as number[][][])[0]
      : g.type === 'MultiPolygon'
        ? (g.coordinates as number[][][][])[0]?.[0]
        : undefined;
  if (ring === undefined || ring.length === 0) return undefined;
  const lon = ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length;
  const lat = ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length;
  return [lon, lat];
}

function style(
  shapes: MapCountries,
  dots: unknown,
  places: PlaceCollection,
): import('maplibre-gl').StyleSpecification {
  const fill = [
    'step',
    ['coalesce', ['get', 'surveillance'], 0],
    shades[0],
    1,
    shades[1],
    2,
    shades[2],
    4,
    shades[3],
  ];
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: shapes as never },
      'small-states': { type: 'geojson', data: dots as never },
      places: { type: 'geojson', data: places as never },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#dde7ee' } },
      {
        id: 'countries',
        type: 'fill',
        source: 'countries',
        paint: { 'fill-color': fill as never },
      },
      {
        id: 'infrastructure',
        type: 'line',
        source: 'countries',
        layout: { visibility: 'none' },
        filter: [
          'all',
          ['>', ['coalesce', ['get', 'infrastructure'], 0], 0],
          ['==', ['coalesce', ['get', 'surveillance'], 0], 0],
        ] as never,
        paint: { 'line-color': '#1d3557', 'line-width': 2, 'line-dasharray': [2, 1] },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'countries',
        paint: { 'line-color': '#8a8a8a', 'line-width': 0.5 },
      },
      {
        id: 'small-states',
        type: 'circle',
        source: 'small-states',
        paint: {
          'circle-radius': 7,
          'circle-color': fill as never,
          'circle-stroke-color': '#5c5c5c',
          'circle-stroke-width': 1,
        },
      },
      {
        id: 'places',
        type: 'circle',
        source: 'places',
        paint: {
          'circle-radius': 4,
          'circle-color': '#1d3557',
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1,
        },
      },
    ],
  };
}
