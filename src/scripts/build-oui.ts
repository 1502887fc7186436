// Derives the MAC-prefix fingerprints from oui-data at build time and caches them beside dist/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  defaultKbDir,
  macCachePath,
  readKbFiles,
  readOuiRegistry,
  registrantKey,
} from '../kb/fs-loader.js';
import { deriveMacFingerprints } from '../kb/oui.js';
import { parseKbFiles } from '../kb/parse.js';

const { kb: raw } = parseKbFiles(readKbFiles(defaultKbDir));
const fingerprints = deriveMacFingerprints(readOuiRegistry(), raw.vendors);
mkdirSync(dirname(macCachePath), { recursive: true });
writeFileSync(macCachePath, JSON.stringify({ key: registrantKey(raw), fingerprints }));
process.stderr.write(`mac prefixes: ${fingerprints.length} derived from oui-data\n`);
