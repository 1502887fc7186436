// Compiles data/kb at build time: validated records plus the MAC prefixes derived from oui-data,
// so the CLI loads one JSON file instead of parsing YAML and the IEEE registry on every run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileKb, compiledKbPath, defaultKbDir, readKbFiles } from '../kb/fs-loader.js';

const compiled = await compileKb(readKbFiles(defaultKbDir));
mkdirSync(dirname(compiledKbPath), { recursive: true });
writeFileSync(compiledKbPath, JSON.stringify(compiled));
process.stderr.write(
  `kb compiled: ${compiled.derived.length} MAC prefixes derived from oui-data, ${compiled.problems.length} problem(s)\n`,
);
