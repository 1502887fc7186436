// The world map's data (pure): country shapes joined with what the atlas records for each —
// surveillance and infrastructure projects apart — and dots for small states the shapes leave out.
import type { MapCountries } from '../../contract/map.js';
import type { Kb } from '../../kb/index.js';
import { placeName } from '../../kb/labels.js';
import { projectClass } from '../classes.js';
import type { Atlas } from '../schema.js';
import { atlasIndex } from './atlas-index.js';
import { placeKindLabels } from './labels.js';

interface ShapeCollection {
  features?: Array<{ id?: string | number; properties?: { name?: string }; geometry: unknown }>;
}

/** Shapes with their counts; atlas countries without a shape become dots at their places. */
export function mapCountries(atlas: Atlas, kb: Kb, shapes: unknown): MapCountries {
  const index = atlasIndex(atlas);
  const byNumeric = new Map(atlas.countries.map((c) => [c.numeric, c]));
  const counts = (id: string | undefined) => {
    const projects = id === undefined ? [] : (index.projectsByCountry.get(id) ?? []);
    return {
      surveillanceProjects: projects.filter((p) => projectClass(p) === 'surveillance').length,
      infrastructureProjects: projects.filter((p) => projectClass(p) === 'infrastructure').length,
      restrictions:
        id === undefined
          ? 0
          : kb.restrictions.filter((r) => r.jurisdiction.split('-')[0] === id).length,
    };
  };
  const seen = new Set<string>();
  const features = ((shapes as ShapeCollection).features ?? []).map((f) => {
    const numeric = String(f.id ?? '').padStart(3, '0');
    const country = byNumeric.get(numeric);
    if (country !== undefined) seen.add(country.id);
    return {
      type: 'Feature' as const,
      id: numeric,
      properties: {
        numeric,
        ...(country !== undefined ? { id: country.id } : {}),
        name: country?.name ?? f.properties?.name ?? numeric,
        ...counts(country?.id),
      },
      geometry: f.geometry,
    };
  });
  const dots = atlas.countries.flatMap((c) => {
    if (seen.has(c.id)) return [];
    const places = atlas.places.filter((p) => p.country === c.id);
    if (places.length === 0) return [];
    const lon = places.reduce((s, p) => s + p.lon, 0) / places.length;
    const lat = places.reduce((s, p) => s + p.lat, 0) / places.length;
    return [
      { properties: { numeric: c.numeric, id: c.id, name: c.name, ...counts(c.id) }, lon, lat },
    ];
  });
  return { type: 'FeatureCollection', features, dots };
}

/** Places with their projects as GeoJSON (RFC 7946): [longitude, latitude] in WGS 84. */
export function placeCollection(atlas: Atlas, kb: Kb) {
  const index = atlasIndex(atlas);
  return {
    type: 'FeatureCollection' as const,
    features: atlas.places.map((place) => ({
      type: 'Feature' as const,
      id: place.id,
      geometry: { type: 'Point' as const, coordinates: [place.lon, place.lat] as [number, number] },
      properties: {
        name: place.name,
        kindLabel: placeKindLabels[place.kind] ?? place.kind,
        country: {
          id: place.country,
          name: index.countries.get(place.country)?.name ?? placeName(place.country),
        },
        projects: atlas.projects
          .filter((p) => p.places.includes(place.id))
          .map((p) => ({
            id: p.id,
            name: p.name,
            class: projectClass(p),
            suppliers: (index.suppliers.get(p.id) ?? []).map(
              (v) => kb.vendors.get(v)?.name ?? index.organisations.get(v)?.name ?? v,
            ),
          })),
      },
    })),
  };
}
