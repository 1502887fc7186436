import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb, type Kb } from './kb.js';
import type { KbFileText, RawKb } from './parse.js';
import type { KbProblem } from './problems.js';
import { readBoundedText } from '../shared/fs-bounded.js';
import type { Fingerprint, KbCollection } from './schema.js';

/** The package root (where package.json lives), from either src/ or dist/. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The kb data folder shipped with the package. */
export const defaultKbDir = join(packageRoot, 'data', 'kb');
/** Where `npm run build` writes the validated kb and the MAC prefixes derived from oui-data. */
export const compiledKbPath = join(packageRoot, 'dist', 'generated', 'kb.json');

const collections: readonly KbCollection[] = [
  'sources',
  'vendors',
  'relations',
  'restrictions',
  'fingerprints',
  'advisories',
  'products',
  'sdks',
  'firmware-components',
  'firmware-indicators',
];

/** The kb as compiled at build time: validated records, derived prefixes, and the key of the files. */
export interface CompiledKb {
  key: string;
  raw: RawKb;
  derived: Fingerprint[];
  problems: KbProblem[];
}

/** Reads every kb data file: `<name>.yaml` and `<name>/*.yaml` for each collection. */
export function readKbFiles(dir: string): KbFileText[] {
  return readYamlCollections(dir, collections);
}

/** Largest YAML data file read (bytes): far above any real one, far below memory trouble. */
export const maxYamlBytes = 16 * 1024 * 1024;

/** Reads `<name>.yaml` and `<name>/*.yaml` (sorted) for each collection name in `dir`. */
export function readYamlCollections<C extends string>(
  dir: string,
  names: readonly C[],
): Array<{ collection: C; file: string; text: string }> {
  const out: Array<{ collection: C; file: string; text: string }> = [];
  for (const collection of names) {
    const paths: string[] = [];
    const single = join(dir, `${collection}.yaml`);
    if (existsSync(single)) paths.push(single);
    const folder = join(dir, collection);
    if (existsSync(folder)) {
      for (const name of readdirSync(folder).sort()) {
        if (name.endsWith('.yaml')) paths.push(join(folder, name));
      }
    }
    for (const p of paths) {
      const file = relative(process.cwd(), p);
      out.push({
        collection,
        file,
        text: readBoundedText(file, maxYamlBytes, 'split it into several files'),
      });
    }
  }
  return out;
}

/** The IEEE registry as shipped by oui-data: hex prefix -> registrant and address. */
export function readOuiRegistry(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return require('oui-data') as Record<string, string>;
}

/** Bumped when the compiled kb's shape changes (2: SDK records, 3: firmware rules). */
const kbFormat = 3;

/** A key that changes whenever a data file or the oui-data version changes. */
export function kbKey(files: readonly KbFileText[]): string {
  const require = createRequire(import.meta.url);
  const ouiDir = dirname(require.resolve('oui-data'));
  const { version } = JSON.parse(readFileSync(join(ouiDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  // The record shapes' version: a compiled copy from before a new collection is not reused.
  const hash = createHash('sha256').update(`${kbFormat}\0${version}`);
  for (const f of files) hash.update(`\0${f.collection}\0${f.text}`);
  return hash.digest('hex');
}

/** Validates and derives the kb from its files; slow (YAML, zod, the whole IEEE registry). */
export async function compileKb(files: readonly KbFileText[]): Promise<CompiledKb> {
  const { parseKbFiles } = await import('./parse.js');
  const { deriveMacFingerprints } = await import('./oui.js');
  const { kb: raw, problems } = parseKbFiles(files);
  return {
    key: kbKey(files),
    raw,
    derived: deriveMacFingerprints(readOuiRegistry(), raw.vendors),
    problems,
  };
}

/**
 * Loads and indexes the kb. Uses the build's compiled copy when the data files are unchanged
 * (fast: no YAML or zod), otherwise compiles them. Problems are returned, never thrown.
 */
export async function loadKb(dir = defaultKbDir): Promise<{ kb: Kb; problems: KbProblem[] }> {
  const files = readKbFiles(dir);
  let compiled: CompiledKb | undefined;
  if (existsSync(compiledKbPath)) {
    const cache = JSON.parse(readFileSync(compiledKbPath, 'utf8')) as CompiledKb;
    if (cache.key === kbKey(files)) compiled = cache;
  }
  compiled ??= await compileKb(files);
  return { kb: buildKb(compiled.raw, compiled.derived), problems: compiled.problems };
}

/** Every problem in the kb: schema, references, sources, patterns, registrants. */
export async function checkKbDir(
  dir = defaultKbDir,
): Promise<{ problems: KbProblem[]; raw: RawKb; derived: Fingerprint[] }> {
  const { checkKb } = await import('./check.js');
  const { raw, derived, problems } = await compileKb(readKbFiles(dir));
  const registry = readOuiRegistry();
  const registrants = new Set(
    Object.values(registry).map((v) => (v.split('\n', 1)[0] ?? '').trim().toLowerCase()),
  );
  return { problems: [...problems, ...checkKb(raw, { registrants, registry })], raw, derived };
}
