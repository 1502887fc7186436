// Benchmark: `sousveil firmware scan` against binwalk (Debian's binwalk 2.x) on the same images in
// one run: binwalk's signature scan and its extraction (`binwalk -e`), wall time and peak memory
// (GNU time), and the facts each gives: vendor, models, version, build date, advisories, indicators,
// components. binwalk names formats and offsets; it knows no vendor, model or advisory.
// Usage: npm run build && npm run bench:firmware
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchImages } from './images.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'bench', 'results', 'firmware');
const files = benchImages(join(out, 'images'));
const mb = files.reduce((n, f) => n + statSync(f).size, 0) / 1024 ** 2;

/** Runs a command under GNU time: seconds, peak RSS in MB, stdout. */
function timed(cmd, args, okCodes = [0]) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  if (!okCodes.includes(r.status))
    throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-800)}`);
  return { seconds, peakMb: kb / 1024, stdout: r.stdout };
}

function sousveil() {
  const r = timed('node', [
    join(root, 'bin', 'sousveil.js'),
    'firmware',
    'scan',
    ...files,
    '--no-save',
    '--json',
    '--fail-on',
    'never',
  ]);
  const facts = {};
  for (const rep of JSON.parse(r.stdout).reports) {
    const id = rep.identity;
    facts[rep.file] = {
      vendor:
        id.maker === undefined
          ? '-'
          : `${id.maker.name}${id.brand === undefined ? '' : `/${id.brand.name}`}`,
      models: id.models.length + id.families.length,
      version: id.version ?? '-',
      buildDate: id.buildDate ?? '-',
      advisories:
        rep.advisories
          .filter((a) => a.status === 'affected')
          .map((a) => a.cve)
          .join(' ') || '-',
      indicators: rep.indicators.length,
      components: rep.components.length,
    };
  }
  return { ...r, facts };
}

/** binwalk's signature lines per file: the formats it names (and a uImage's name and date). */
function binwalkFacts(stdout) {
  const facts = {};
  let file;
  for (const line of stdout.split('\n')) {
    const m = /^Scan Time:|^Target File:\s+(.*)$/.exec(line);
    if (m?.[1] !== undefined) file = basename(m[1].trim());
    const sig = /^\d+\s+0x[0-9A-F]+\s+(.*)$/.exec(line);
    if (sig !== null && file !== undefined) {
      const f = (facts[file] ??= { signatures: 0, formats: new Set(), buildDate: '-' });
      f.signatures++;
      f.formats.add(sig[1].split(/[,\s]/)[0]);
      const d = /created: (\d{4}-\d{2}-\d{2})/.exec(sig[1]);
      if (d !== null && f.buildDate === '-') f.buildDate = d[1];
    }
  }
  return facts;
}

function binwalkScan() {
  const r = timed('binwalk', ['--run-as=root', ...files]);
  return { ...r, facts: binwalkFacts(r.stdout) };
}

function binwalkExtract() {
  const dir = join(out, 'binwalk-extract');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = timed('binwalk', ['--run-as=root', '-e', '-C', dir, ...files]);
  rmSync(dir, { recursive: true, force: true });
  return { ...r, facts: binwalkFacts(r.stdout) };
}

const rows = [
  ['sousveil firmware scan', sousveil()],
  ['binwalk (signatures)', binwalkScan()],
  ['binwalk -e (extract)', binwalkExtract()],
];
console.log(
  `${files.length} images, ${mb.toFixed(1)} MB in all (the large one ${(statSync(files.at(-1)).size / 1024 ** 2).toFixed(1)} MB)\n`,
);
console.log('tool                      seconds   MB/s   peak MB');
for (const [name, r] of rows)
  console.log(
    `${name.padEnd(25)} ${r.seconds.toFixed(2).padStart(7)} ${(mb / r.seconds).toFixed(1).padStart(6)} ${r.peakMb.toFixed(0).padStart(9)}`,
  );
const s = rows[0][1].seconds;
console.log(
  `\nspeed vs binwalk signatures: ${(rows[1][1].seconds / s).toFixed(2)}x; vs binwalk -e: ${(rows[2][1].seconds / s).toFixed(2)}x (above 1: sousveil is faster)\n`,
);
console.log(
  'facts per image (sousveil: vendor/brand, models+families, version, build date, affected advisories, indicators, components; binwalk: signatures found, formats, uImage date)',
);
for (const f of files) {
  const name = basename(f);
  const a = rows[0][1].facts[name];
  const b = rows[1][1].facts[name] ?? { signatures: 0, formats: new Set(), buildDate: '-' };
  console.log(`- ${name}`);
  console.log(
    `    sousveil: ${a.vendor} | models ${a.models} | ${a.version} | built ${a.buildDate} | ${a.advisories} | indicators ${a.indicators} | components ${a.components}`,
  );
  console.log(
    `    binwalk:  ${b.signatures} signatures (${[...b.formats].join(', ') || 'none'}) | built ${b.buildDate} | no vendor, model, version or advisory`,
  );
}
