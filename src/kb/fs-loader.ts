import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKb } from './check.js';
import { buildKb, type Kb } from './kb.js';
import { deriveMacFingerprints } from './oui.js';
import { parseKbFiles, type KbFileText, type RawKb } from './parse.js';
import type { KbProblem } from './problems.js';
import type { Fingerprint, KbCollection } from './schema.js';

/** The package root (where package.json lives), from either src/ or dist/. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The kb data folder shipped with the package. */
export const defaultKbDir = join(packageRoot, 'data', 'kb');
/** Where `npm run build` caches the MAC prefixes derived from oui-data. */
export const macCachePath = join(packageRoot, 'dist', 'generated', 'mac-prefixes.json');

const collections: readonly KbCollection[] = [
  'sources',
  'vendors',
  'relations',
  'restrictions',
  'fingerprints',
  'advisories',
];

/** Reads every kb data file: `<name>.yaml` and `<name>/*.yaml` for each collection. */
export function readKbFiles(dir: string): KbFileText[] {
  const out: KbFileText[] = [];
  for (const collection of collections) {
    const paths: string[] = [];
    const single = join(dir, `${collection}.yaml`);
    if (existsSync(single)) paths.push(single);
    const folder = join(dir, collection);
    if (existsSync(folder)) {
      for (const name of readdirSync(folder).sort())
        if (name.endsWith('.yaml')) paths.push(join(folder, name));
    }
    for (const p of paths) {
      out.push({ collection, file: relative(process.cwd(), p), text: readFileSync(p, 'utf8') });
    }
  }
  return out;
}

/** The IEEE registry as shipped by oui-data: hex prefix -> registrant and address. */
export function readOuiRegistry(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return require('oui-data') as Record<string, string>;
}

interface MacCache {
  key: string;
  fingerprints: Fingerprint[];
}

/** A key that changes whenever the registrants asked for change. */
export function registrantKey(raw: RawKb): string {
  return JSON.stringify(raw.vendors.map((v) => [v.id, v.ouiRegistrants]));
}

function macFingerprints(raw: RawKb): Fingerprint[] {
  const key = registrantKey(raw);
  if (existsSync(macCachePath)) {
    const cache = JSON.parse(readFileSync(macCachePath, 'utf8')) as MacCache;
    if (cache.key === key) return cache.fingerprints;
  }
  return deriveMacFingerprints(readOuiRegistry(), raw.vendors);
}

/** Loads, validates and indexes the kb; problems are returned, never thrown, so callers decide. */
export function loadKb(dir = defaultKbDir): { kb: Kb; raw: RawKb; problems: KbProblem[] } {
  const { kb: raw, problems } = parseKbFiles(readKbFiles(dir));
  return { kb: buildKb(raw, macFingerprints(raw)), raw, problems };
}

/** Every problem in the kb: schema, references, sources, patterns, registrants. */
export function checkKbDir(dir = defaultKbDir): {
  problems: KbProblem[];
  raw: RawKb;
  derived: Fingerprint[];
} {
  const { kb: raw, problems } = parseKbFiles(readKbFiles(dir));
  const registry = readOuiRegistry();
  const registrants = new Set(
    Object.values(registry).map((v) => (v.split('\n', 1)[0] ?? '').trim().toLowerCase()),
  );
  const derived = deriveMacFingerprints(registry, raw.vendors);
  return { problems: [...problems, ...checkKb(raw, { registrants })], raw, derived };
}
