// The world map: Natural Earth country shapes from the server, shaded by how many projects the
// atlas records, with places as dots. No tiles, no glyphs, no other host. A list of the same
// countries follows the map for keyboard and screen-reader users.
import type { FeatureCollection } from 'geojson';
import type { MapLayerMouseEvent } from 'maplibre-gl';
import { get } from '../api.js';
import { fmt, h } from '../dom.js';
import type { CountrySummary } from '../types.js';

export async function mapPage(main: HTMLElement): Promise<void> {
  const countries = await get<CountrySummary[]>('/countries');
  const byNumeric = new Map(countries.map((c) => [c.numeric, c]));
  const mapBox = h('div', {
    id: 'map',
    class: 'map',
    role: 'img',
    'aria-label': `World map: ${countries.filter((c) => c.projects > 0).length} countries with recorded projects are shaded; select a country to open its page`,
  });
  const status = h('p', { class: 'map-status', role: 'status' }, 'Drawing the map…');
  const list = h(
    'ul',
    { class: 'country-list' },
    countries
      .filter((c) => c.projects > 0 || c.restrictions > 0)
      .sort((a, b) => b.projects - a.projects || a.name.localeCompare(b.name))
      .map((c) =>
        h(
          'li',
          {},
          h('a', { href: `#/country/${c.id}` }, c.name),
          ` — ${c.projects} project${c.projects === 1 ? '' : 's'}`,
          c.suppliers.length > 0 ? `, ${c.suppliers.join(', ')}` : '',
          c.restrictions > 0
            ? `, ${c.restrictions} restriction${c.restrictions === 1 ? '' : 's'}`
            : '',
        ),
      ),
  );
  main.append(
    h('h1', {}, 'Surveillance exports, country by country'),
    h(
      'p',
      { class: 'lede' },
      `The atlas records ${fmt.format(countries.reduce((n, c) => n + c.projects, 0))} projects in ${countries.filter((c) => c.projects > 0).length} countries. Darker countries have more recorded projects; dots are places named by a project.`,
    ),
    mapBox,
    status,
    h('h2', {}, 'Countries'),
    list,
  );
  // The map library loads after the page is up, so a slow link shows the list first.
  void drawMap(mapBox, status, byNumeric);
}

async function drawMap(
  box: HTMLElement,
  status: HTMLElement,
  byNumeric: Map<string, CountrySummary>,
): Promise<void> {
  try {
    const [{ Map: MapLibre, setWorkerUrl }, workerUrl, shapes, places] = await Promise.all([
      import('maplibre-gl'),
      import('maplibre-gl/dist/maplibre-gl-worker.mjs?url').then(
        (m: { default: string }) => m.default,
      ),
      get<FeatureCollection>('/map/countries'),
      get<FeatureCollection>('/places'),
      import('maplibre-gl/dist/maplibre-gl.css'),
    ]);
    setWorkerUrl(workerUrl);
    for (const f of shapes.features) {
      const c = byNumeric.get(String(f.id));
      f.properties = { ...f.properties, projects: c?.projects ?? 0, code: c?.id ?? '' };
    }
    const map = new MapLibre({
      container: box,
      style: {
        version: 8,
        sources: {
          countries: { type: 'geojson', data: shapes },
          places: { type: 'geojson', data: places },
        },
        layers: [
          { id: 'sea', type: 'background', paint: { 'background-color': '#dde7ee' } },
          {
            id: 'countries',
            type: 'fill',
            source: 'countries',
            paint: {
              'fill-color': [
                'interpolate',
                ['linear'],
                ['get', 'projects'],
                0,
                '#f4f1ea',
                1,
                '#f2b880',
                3,
                '#d9662a',
                6,
                '#8f2d0f',
              ],
            },
          },
          {
            id: 'borders',
            type: 'line',
            source: 'countries',
            paint: { 'line-color': '#8a8a8a', 'line-width': 0.5 },
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
      },
      center: [20, 15],
      zoom: 0.8,
      attributionControl: false,
      renderWorldCopies: false,
    });
    map.on('click', 'countries', (e: MapLayerMouseEvent) => {
      const code = e.features?.[0]?.properties.code as string | undefined;
      if (code) location.hash = `#/country/${code}`;
    });
    map.on('mouseenter', 'countries', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'countries', () => (map.getCanvas().style.cursor = ''));
    map.once('idle', () => {
      const drawn = new Set(map.queryRenderedFeatures({ layers: ['countries'] }).map((f) => f.id));
      box.dataset.countries = String(drawn.size);
      box.dataset.ready = 'true';
      status.textContent = `Map drawn: ${drawn.size} countries, ${places.features.length} places.`;
    });
    // For end-to-end tests and the curious: the map object, from the console.
    (window as unknown as { sousveilMap: unknown }).sousveilMap = map;
  } catch (e) {
    status.textContent = `The map could not be drawn (${(e as Error).message}); the list below has every country.`;
  }
}
