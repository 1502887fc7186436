// The atlas as GeoJSON (pure, RFC 7946): one Point feature per place, with the projects there and
// their suppliers and figures, coordinates as [longitude, latitude] in WGS 84.
import type { Kb } from '../kb/index.js';
import type { Atlas } from './schema.js';
import { claimsBySubject } from './lookup.js';
import { nameOf, projectSuppliers } from './records.js';

export interface Feature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, unknown>;
}

export function atlasToGeoJson(
  atlas: Atlas,
  kb: Kb,
): { type: 'FeatureCollection'; features: Feature[] } {
  const projectsAt = new Map<string, Atlas['projects']>();
  for (const p of atlas.projects)
    for (const id of new Set(p.places)) {
      const list = projectsAt.get(id);
      if (list === undefined) projectsAt.set(id, [p]);
      else list.push(p);
    }
  const claims = claimsBySubject(atlas.claims);
  const features: Feature[] = atlas.places.map((place) => {
    const projects = projectsAt.get(place.id) ?? [];
    return {
      type: 'Feature',
      id: place.id,
      geometry: { type: 'Point', coordinates: [place.lon, place.lat] },
      properties: {
        name: place.name,
        kind: place.kind,
        country: place.country,
        projects: projects.map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          status: p.status,
          suppliers: projectSuppliers(atlas, p).map((v) => nameOf(atlas, kb, v)),
          claims: (claims.get(`project:${p.id}`) ?? []).map((c) => c.id),
        })),
        sources: place.sources,
      },
    };
  });
  return { type: 'FeatureCollection', features };
}
