// Country shapes for placing cameras: Natural Earth 1:10m from world-atlas (ISC; the package the
// atlas checks places with, at its finest scale: at 1:50m parts of Manhattan are water), decoded
// once per process into a CountryLocator.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CountryLocator, topologyShapes } from './locate.js';

let locator: CountryLocator | undefined;

/** The locator over every Natural Earth 1:10m country. */
export function countryLocator(): CountryLocator {
  if (locator === undefined) {
    // Read, not required: a required JSON stays in the module cache (tens of megabytes as
    // objects); this one is garbage once the locator holds its rings.
    const file = createRequire(import.meta.url).resolve('world-atlas/countries-10m.json');
    locator = new CountryLocator(
      topologyShapes(
        JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof topologyShapes>[0],
      ),
    );
  }
  return locator;
}
