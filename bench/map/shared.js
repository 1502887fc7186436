// What the street map benchmarks share. Their input: N nodes, one in ten a camera (70 % of the
// cameras around 40 cities), written as OSM XML and converted to .osm.pbf by osmium (Debian's
// osmium-tool); the generator is seeded, so every run measures the same input. And the two runs
// they compare: osmium tags-filter and sousveil map import, under GNU time.
import { spawnSync } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed } from '../shared/gnu-time.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'sousveil.js');

// A deterministic generator: every run measures the same input.
let seed = 7;
export const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
export const pick = (xs) => xs[Math.floor(rand() * xs.length)];
export const gauss = () => (rand() + rand() + rand() + rand() - 2) / 2;
export const cities = Array.from({ length: 40 }, () => [-10 + rand() * 40, 36 + rand() * 22]);
const makers = [
  'Hikvision',
  'HikVision',
  'Dahua',
  'Axis',
  'Bosch',
  'LTS',
  'EZVIZ',
  'Flock Safety',
  'Hanwha',
  'Mobotix',
];
const directions = ['N', 'NE', '90', '180-270', '45;225', 'SW', '300'];

function cameraTags() {
  const tags = [
    ['man_made', 'surveillance'],
    ['surveillance:type', rand() < 0.9 ? 'camera' : 'ALPR'],
  ];
  if (rand() < 0.5) tags.push([rand() < 0.5 ? 'manufacturer' : 'brand', pick(makers)]);
  if (rand() < 0.4) tags.push(['camera:direction', pick(directions)]);
  if (rand() < 0.6) tags.push(['surveillance', pick(['public', 'outdoor', 'indoor'])]);
  if (rand() < 0.3) tags.push(['operator:type', pick(['government', 'private'])]);
  return tags;
}

async function writeXml(path, nodes) {
  const s = createWriteStream(path);
  const put = (text) => (s.write(text) ? undefined : new Promise((r) => s.once('drain', r)));
  await put(
    '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="sousveil-bench">\n',
  );
  let chunk = '';
  for (let id = 1; id <= nodes; id++) {
    const camera = id % 10 === 0;
    let lon, lat;
    if (camera && rand() < 0.7) {
      const [cx, cy] = pick(cities);
      lon = cx + gauss() * 0.3;
      lat = cy + gauss() * 0.2;
    } else {
      lon = -10 + rand() * 40;
      lat = 36 + rand() * 22;
    }
    const at = `<node id="${id}" version="1" lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"`;
    chunk += camera
      ? `${at}>${cameraTags()
          .map(([k, v]) => `<tag k="${k}" v="${v}"/>`)
          .join('')}</node>\n`
      : `${at}/>\n`;
    if (id % 20_000 === 0) {
      await put(chunk);
      chunk = '';
    }
  }
  await put(`${chunk}</osm>\n`);
  await new Promise((r) => s.end(r));
}

/** Writes `pbf`: `nodes` nodes, one in ten a camera (through a temporary XML file beside it). */
export async function generatePbf(pbf, nodes) {
  const xml = `${pbf}.osm`;
  await writeXml(xml, nodes);
  const r = spawnSync('osmium', ['cat', xml, '-o', pbf, '-O'], { stdio: 'inherit' });
  rmSync(xml);
  if (r.status !== 0) throw new Error(`osmium cat failed (${r.status ?? r.signal})`);
}

/** `osmium tags-filter` extracting the cameras of `pbf` into `out`, timed. */
export function timeOsmium(pbf, out) {
  return timed('osmium', ['tags-filter', pbf, 'n/man_made=surveillance', '-o', out, '-O']);
}

/** `sousveil map import pbf --db db --json`, timed. */
export function timeImport(pbf, db) {
  return timed(process.execPath, [cli, 'map', 'import', pbf, '--db', db, '--json']);
}
