// A map to pick one position on (a citizen report's camera): country shapes, the street basemap
// when the server has one, the cameras already mapped there, and a marker where the reporter
// tapped or clicked. Everything comes from this server; the position typed in the form's fields
// and the marker follow each other.
import type { Map as MapLibreMap, Marker } from 'maplibre-gl';
import { get } from '../api.js';
import { h } from '../dom.js';
import type { BasemapAnswer, MapCountries } from '../types.js';
import { addBasemap } from './basemap.js';
import { streetCameras } from './street-cameras.js';

export interface PickMap {
  element: HTMLElement;
  /** Moves the marker (and the view) to a position set another way (typed, from the photo). */
  show: (lat: number, lon: number) => void;
}

/** A map that calls `onPick` with the position tapped; `start` centres it. */
export function pickMap(
  start: { lat: number; lon: number; zoom: number },
  onPick: (lat: number, lon: number) => void,
): PickMap {
  const box = h('div', {
    id: 'map',
    class: 'map pick-map',
    role: 'region',
    'aria-label': 'Map: tap or click where the camera is; the fields below take the same position',
  });
  const status = h('p', { class: 'map-status', role: 'status' });
  const cameras = streetCameras();
  cameras.element.classList.add('compact');
  let map: MapLibreMap | undefined;
  let marker: Marker | undefined;
  let place: (lat: number, lon: number) => void = () => undefined;
  void draw(box, start).then(
    (drawn) => {
      map = drawn.map;
      cameras.attach(drawn.map, drawn.maplibre);
      place = (lat, lon) => {
        marker ??= new drawn.maplibre.Marker({ color: '#6a3d9a' }).setLngLat([lon, lat]);
        marker.setLngLat([lon, lat]).addTo(drawn.map);
        box.dataset.picked = `${lat.toFixed(6)},${lon.toFixed(6)}`;
      };
      drawn.map.on('click', (e) => {
        place(e.lngLat.lat, e.lngLat.lng);
        onPick(e.lngLat.lat, e.lngLat.lng);
      });
    },
    (e: unknown) => {
      status.textContent = `The map could not be drawn (${(e as Error).message}); type the position below.`;
    },
  );
  return {
    element: h('div', { class: 'pick-map-wrap' }, box, status, cameras.element),
    show: (lat, lon) => {
      place(lat, lon);
      map?.jumpTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 17) });
    },
  };
}

async function draw(
  box: HTMLElement,
  start: { lat: number; lon: number; zoom: number },
): Promise<{ map: MapLibreMap; maplibre: typeof import('maplibre-gl') }> {
  const [maplibre, workerUrl, shapes, basemap] = await Promise.all([
    import('maplibre-gl'),
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url').then(
      (m: { default: string }) => m.default,
    ),
    get<MapCountries>('/map/countries'),
    get<BasemapAnswer>('/map/basemap'),
    import('maplibre-gl/dist/maplibre-gl.css'),
  ]);
  maplibre.setWorkerUrl(workerUrl);
  const map = new maplibre.Map({
    container: box,
    style: {
      version: 8,
      sources: { countries: { type: 'geojson', data: shapes as never } },
      layers: [
        { id: 'sea', type: 'background', paint: { 'background-color': '#dde7ee' } },
        {
          id: 'countries',
          type: 'fill',
          source: 'countries',
          paint: { 'fill-color': '#f4f1ea' },
        },
        {
          id: 'borders',
          type: 'line',
          source: 'countries',
          paint: { 'line-color': '#8a8a8a', 'line-width': 0.5 },
        },
      ],
    },
    center: [start.lon, start.lat],
    zoom: start.zoom,
    attributionControl: false,
    renderWorldCopies: false,
  });
  map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
  if (basemap.configured)
    map.once('load', () => void addBasemap(map, maplibre, basemap, 'borders'));
  map.once('idle', () => (box.dataset.ready = 'true'));
  (window as unknown as { sousveilMap: unknown }).sousveilMap = map;
  return { map, maplibre };
}
