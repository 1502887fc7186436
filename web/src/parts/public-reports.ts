// Accepted citizen reports on the street map: points of their own colour, marked "reported by the
// public" in the legend and the popup, with the status, the days reported and accepted, and what
// was reported (type, housing, direction, what is written on it). From GET /api/v1/reports for
// the visible area; nothing about any reporter exists to be shown.
import type { Map as MapLibreMap, MapLayerMouseEvent, Popup } from 'maplibre-gl';
import { get } from '../api.js';
import { h } from '../dom.js';
import type { PublicReportCollection, PublicReportProperties } from '../types.js';

type Maplibre = typeof import('maplibre-gl');

export const publicColour = '#6a3d9a';

/** The legend line for the layer. */
export function publicReportsLegend(): HTMLElement {
  return h(
    'li',
    {},
    h('span', { class: 'swatch dot', style: `background:${publicColour}` }),
    'reported by the public (accepted by a moderator)',
  );
}

function popupBody(p: PublicReportProperties): HTMLElement {
  const what = [p.type, p.cameraType].filter(Boolean).join(', ');
  const written = [
    p.brand === undefined ? '' : `brand ${p.brand}`,
    p.model === undefined ? '' : `model ${p.model}`,
    p.operatorSign === undefined ? '' : `sign “${p.operatorSign}”`,
  ].filter((s) => s !== '');
  return h(
    'div',
    { class: 'report-popup' },
    h('strong', {}, 'Reported by the public'),
    h('br'),
    `Status: ${p.status} by a moderator on ${p.acceptedDay}`,
    h('br'),
    `Reported on ${p.day}: ${what}`,
    h('br'),
    p.direction === undefined ? 'Direction not reported' : `Facing ${p.direction}°`,
    written.length > 0 ? [h('br'), `Written on it: ${written.join(', ')}`] : '',
    p.merged > 0
      ? [h('br'), `${p.merged} more report${p.merged === 1 ? '' : 's'} of it merged into this one`]
      : '',
  );
}

/** Adds the layer to a map; it follows the view. */
export function attachPublicReports(map: MapLibreMap, maplibre: Maplibre): void {
  const box = map.getContainer();
  let last: PublicReportCollection | undefined;
  let asked = 0;
  let popup: Popup | undefined;
  const load = async (): Promise<void> => {
    const b = map.getBounds();
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v)).toFixed(5);
    const bbox = [
      clamp(b.getWest(), -180, 180),
      clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180),
      clamp(b.getNorth(), -90, 90),
    ].join(',');
    const n = ++asked;
    const answer = await get<PublicReportCollection>('/reports', { bbox });
    if (n !== asked || !box.isConnected) return;
    last = answer;
    await (
      map.getSource('public-reports') as unknown as { setData: (d: unknown) => Promise<void> }
    ).setData(answer);
    box.dataset.publicReports = String(answer.features.length);
  };
  const reload = (): void =>
    void load().catch((e: unknown) => (box.dataset.publicReportsError = (e as Error).message));
  const setUp = (): void => {
    map.addSource('public-reports', {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
    });
    map.addLayer({
      id: 'public-reports',
      type: 'circle',
      source: 'public-reports',
      paint: {
        'circle-radius': 6,
        'circle-color': publicColour,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2,
      },
    });
    map.on('click', 'public-reports', (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties.id as string | undefined;
      const f = last?.features.find((x) => x.properties.id === id);
      if (f === undefined) return;
      popup?.remove();
      popup = new maplibre.Popup({ maxWidth: '20rem' })
        .setLngLat(f.geometry.coordinates)
        .setDOMContent(popupBody(f.properties))
        .addTo(map);
    });
    map.on('mouseenter', 'public-reports', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'public-reports', () => (map.getCanvas().style.cursor = ''));
    map.on('moveend', reload);
    reload();
  };
  if (map.loaded()) setUp();
  else map.once('load', setUp);
}
