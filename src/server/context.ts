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
    shapes = feature(topo, topo.objects.countries);
  }
  return shapes;
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
