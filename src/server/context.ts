// Building the server's context: kb, store (atlas seeded on first start), country shapes.
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { loadStoredAtlas } from '../atlas/atlas-store.js';
import type { Atlas } from '../atlas/schema.js';
import type { Kb } from '../kb/index.js';
import type { Store } from '../store/store.js';
import type { ApiContext } from './api.js';

let shapes: unknown;

/** Natural Earth 1:110m country shapes (world-atlas, ISC) as GeoJSON, converted once. */
export function countryShapes(): unknown {
  if (shapes === undefined) {
    const require = createRequire(import.meta.url);
    const topo = require('world-atlas/countries-110m.json') as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    const collection = feature(topo, topo.objects.countries);
    // Antarctica is left out (no records, and its ring runs along the pole); rings of Russia and
    // Fiji that cross the antimeridian are unwrapped so they do not streak across the map.
    collection.features = collection.features.filter((f) => f.id !== '010');
    for (const f of collection.features) {
      const g = f.geometry;
      const polygons =
        g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const polygon of polygons) for (const ring of polygon) unwrap(ring);
    }
    shapes = collection;
  }
  return shapes;
}

/** Shifts western longitudes by 360° in a ring that jumps across the antimeridian. */
function unwrap(ring: number[][]): void {
  const crosses = ring.some(
    (p, i) => i > 0 && Math.abs((p[0] ?? 0) - (ring[i - 1]?.[0] ?? 0)) > 180,
  );
  if (!crosses) return;
  for (const p of ring) if ((p[0] ?? 0) < 0) p[0] = (p[0] ?? 0) + 360;
}

export async function apiContext(kb: Kb, store: Store): Promise<ApiContext> {
  let atlas: Promise<Atlas> | undefined;
  return {
    kb,
    store,
    atlas: () => (atlas ??= loadStoredAtlas(store)),
    countryShapes,
    today: () => new Date().toISOString().slice(0, 10),
    now: () => new Date().toISOString(),
  };
}
