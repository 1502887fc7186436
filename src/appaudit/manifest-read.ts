import { parseAxml } from './axml.js';
import { readManifest, type Manifest } from './manifest.js';

/** Parses a binary AndroidManifest.xml into the manifest summary. */
export function readAxmlManifest(bytes: Uint8Array, source = 'AndroidManifest.xml'): Manifest {
  return readManifest(parseAxml(bytes, source));
}
