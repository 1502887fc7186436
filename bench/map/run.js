// Benchmark: `sousveil map import` of an .osm.pbf against `osmium tags-filter` extracting the same
// cameras (Debian's osmium-tool), in the same run; then the viewport API (GET /api/v1/cameras) of
// `sousveil serve` over the imported cameras at zooms 3, 8, 12 and 16, random views each (so the
// server's GET cache does not answer), p50/p99 per zoom. Wall time and peak memory (max RSS) come
// from GNU time. The input is generated here: N nodes, one in ten a camera, written as OSM XML and
// converted to PBF by osmium.
// Usage: node bench/map/run.js [nodes=10000000] [requests-per-zoom=300] (e.g. 1000000 to iterate)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../shared/wait-for.js';
import { cities, gauss, generatePbf, pick, rand, timeImport, timeOsmium } from './shared.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nodes = Number(process.argv[2] ?? 10_000_000);
const perZoom = Number(process.argv[3] ?? 300);
const port = 18090;
const work = mkdtempSync(join(tmpdir(), 'sousveil-bench-map-'));
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });

function get(path) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    request({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** A random view around the cameras: the screen is 1280x800 at that zoom (512-pixel tiles). */
function view(zoom) {
  const [cx, cy] = rand() < 0.8 ? pick(cities) : [-10 + rand() * 40, 36 + rand() * 22];
  const halfW = Math.min(180, (1280 / 2) * (360 / (512 * 2 ** zoom)));
  const halfH = Math.min(85, (800 / 2) * (360 / (512 * 2 ** zoom)) * 0.7);
  const lon = cx + gauss() * 0.05;
  const lat = cy + gauss() * 0.05;
  const c = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(5);
  return `${c(lon - halfW, 180)},${c(lat - halfH, 85)},${c(lon + halfW, 180)},${c(lat + halfH, 85)}`;
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const pbf = join(work, 'bench.osm.pbf');
const db = join(work, 'bench.db');
let server;
try {
  console.log(`generating ${nodes} nodes (${nodes / 10} cameras)…`);
  await generatePbf(pbf, nodes);
  const pbfMiB = statSync(pbf).size / 2 ** 20;
  console.log(`input: ${pbf} (${pbfMiB.toFixed(1)} MiB)`);

  const osmium = timeOsmium(pbf, join(work, 'cams.osm.pbf'));
  const sousveil = timeImport(pbf, db);
  const again = timeImport(pbf, db);
  const importResult = {
    nodes,
    cameras: nodes / 10,
    pbfMiB: Number(pbfMiB.toFixed(1)),
    osmiumTagsFilter: osmium,
    sousveilImport: sousveil,
    sousveilReimport: again,
    ratioToOsmium: Number((sousveil.seconds / osmium.seconds).toFixed(2)),
    cpuRatioToOsmium: Number((sousveil.cpuSeconds / Math.max(0.01, osmium.cpuSeconds)).toFixed(2)),
    loadAverage1m: Number(loadavg()[0].toFixed(1)),
    nodesPerSecond: Math.round(nodes / sousveil.seconds),
  };
  console.log(JSON.stringify(importResult, null, 2));

  server = spawn(
    process.execPath,
    [join(root, 'bin', 'sousveil.js'), 'serve', '--port', String(port), '--db', db],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitFor(`http://127.0.0.1:${port}/api/v1/cameras/stats`);
  const viewport = {};
  for (const zoom of [3, 8, 12, 16]) {
    const ms = [];
    let features = 0;
    for (let i = 0; i < perZoom; i++) {
      const r = await get(`/api/v1/cameras?bbox=${view(zoom)}&zoom=${zoom}`);
      if (r.status !== 200) throw new Error(`status ${r.status} at zoom ${zoom}`);
      ms.push(r.ms);
    }
    const sample = await new Promise((resolve) =>
      request(
        { host: '127.0.0.1', port, path: `/api/v1/cameras?bbox=${view(zoom)}&zoom=${zoom}` },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(JSON.parse(body)));
        },
      ).end(),
    );
    features = sample.features.length;
    ms.sort((a, b) => a - b);
    viewport[`zoom${zoom}`] = {
      requests: perZoom,
      p50ms: Number(pct(ms, 50).toFixed(2)),
      p99ms: Number(pct(ms, 99).toFixed(2)),
      mode: sample.mode,
      featuresInASample: features,
      camerasInASampleView: sample.total,
    };
  }
  console.log(JSON.stringify(viewport, null, 2));
  writeFileSync(
    join(out, 'map.json'),
    `${JSON.stringify({ import: importResult, viewport }, null, 2)}\n`,
  );
  console.log(`written to bench/results/map.json`);
} finally {
  server?.kill();
  rmSync(work, { recursive: true, force: true });
}
