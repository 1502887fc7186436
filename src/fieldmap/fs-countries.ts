// Country shapes for placing cameras: Natural Earth 1:10m from world-atlas (ISC; the package the
// atlas checks places with, at its finest scale: at 1:50m parts of Manhattan are water), converted once per process into a CountryLocator.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { CountryLocator, type CountryShape } from './locate.js';

let locator: CountryLocator | undefined;

/** The locator over every Natural Earth 1:10m country. */
export function countryLocator(): CountryLocator {
  if (locator === undefined) {
    // Read, not required: a required JSON stays in the module cache (about 100 MB as objects);
    // this one is garbage once the locator holds its rings.
    const file = createRequire(import.meta.url).resolve('world-atlas/countries-10m.json');
    const topo = JSON.parse(readFileSync(file, 'utf8')) as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    const shapes: CountryShape[] = [];
    for (const f of feature(topo, topo.objects.countries).features) {
      const g = f.geometry;
      const polygons =
        g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      if (polygons.length > 0) shapes.push({ name: f.properties.name, polygons });
    }
    locator = new CountryLocator(shapes);
  }
  return locator;
}
