// Benchmark: the observatory's main GETs under load (autocannon, from npm) against
// `sousveil serve` on loopback, and — where Debian's nginx is installed — the same response
// bodies served as static, pre-compressed files by nginx (gzip_static) on loopback, side by side,
// as the ceiling to compare to.
// Also prints the first-load size of the web UI (what a browser fetches for the map page), raw
// and gzip-compressed. Usage: node bench/api/run.js [seconds-per-route=10] [connections=50]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { waitFor } from '../shared/wait-for.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const port = 18080;
const nginxPort = 18081;
const work = mkdtempSync(join(tmpdir(), 'sousveil-bench-api-'));
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });

const routes = [
  '/api/v1/countries',
  '/api/v1/countries/EC',
  '/api/v1/statistics',
  '/api/v1/vendors/hikvision',
  '/api/v1/identify?q=44%3A19%3AB6%3A12%3A34%3A56',
  '/api/v1/map/countries',
];

const server = spawn(
  process.execPath,
  [
    join(root, 'bin', 'sousveil.js'),
    'serve',
    '--port',
    String(port),
    '--db',
    join(work, 'bench.db'),
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
let nginx;
try {
  await waitFor(`http://127.0.0.1:${port}/api/v1/countries`);
  const size = firstLoad();
  // The map page's API calls, as the server sends them (gzip).
  let apiRaw = 0;
  let apiGzip = 0;
  for (const path of ['/api/v1/countries', '/api/v1/map/countries', '/api/v1/places']) {
    const body = Buffer.from(await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer());
    apiRaw += body.length;
    apiGzip += gzipSync(body, { level: 6 }).length;
  }
  console.log(
    `first load (map page): ${size.files} files + 3 API calls, ${kb(size.raw + apiRaw)} raw, ` +
      `${kb(size.gzip + apiGzip)} gzip; the page shell is ${kb(size.shellGzip)} gzip before the ` +
      `map library (${kb(size.gzip - size.shellGzip)}) and the map data (${kb(apiGzip)}) load`,
  );
  // The same bodies as static files, for nginx.
  const docroot = join(work, 'www');
  for (const [i, r] of routes.entries()) {
    const body = await (await fetch(`http://127.0.0.1:${port}${r}`)).arrayBuffer();
    mkdirSync(docroot, { recursive: true });
    writeFileSync(join(docroot, `r${i}.json`), Buffer.from(body));
    // Pre-compressed beside it, served by gzip_static: nginx at its best, as sousveil caches gzip.
    writeFileSync(join(docroot, `r${i}.json.gz`), gzipSync(Buffer.from(body), { level: 6 }));
  }
  nginx = startNginx(docroot);
  const rows = [];
  for (const [i, r] of routes.entries()) {
    const ours = await load(`http://127.0.0.1:${port}${r}`);
    const peer = nginx ? await load(`http://127.0.0.1:${nginxPort}/r${i}.json`) : undefined;
    rows.push({ route: r, ours, peer });
    console.log(
      `${r.padEnd(48)} sousveil ${fmt(ours)}` +
        (peer ? ` | nginx static ${fmt(peer)} | ratio ${(ours.rps / peer.rps).toFixed(2)}` : ''),
    );
  }
  writeFileSync(join(out, 'api.json'), JSON.stringify({ seconds, connections, rows }, null, 2));
} finally {
  server.kill('SIGTERM');
  if (nginx) spawnSync('nginx', ['-c', join(work, 'nginx.conf'), '-s', 'stop']);
  rmSync(work, { recursive: true, force: true });
}

function fmt(r) {
  return `${Math.round(r.rps)} req/s p99 ${r.p99} ms`;
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KiB`;
}

async function load(url) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip' },
  });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** Bytes a browser fetches for the map page: HTML, its scripts and styles, the map data. */
function firstLoad() {
  const web = join(root, 'dist', 'web');
  const html = readFileSync(join(web, 'index.html'));
  const assets = [...html.toString().matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(
    (m) => m[1],
  );
  const shell = [html, ...assets.map((a) => readFileSync(join(web, a)))];
  const lazy = spawnSync('ls', [join(web, 'assets')], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((f) => /^maplibre-gl/.test(f))
    .map((f) => readFileSync(join(web, 'assets', f)));
  const all = [...shell, ...lazy];
  const z = (bs) => bs.reduce((n, b) => n + gzipSync(b, { level: 6 }).length, 0);
  return {
    files: all.length,
    raw: all.reduce((n, b) => n + b.length, 0),
    gzip: z(all),
    shellGzip: z(shell),
  };
}

function startNginx(docroot) {
  if (spawnSync('nginx', ['-v']).error) {
    console.log('nginx not installed (apt-get install nginx-light): no peer comparison');
    return undefined;
  }
  const conf = join(work, 'nginx.conf');
  writeFileSync(
    conf,
    `user root; daemon on; pid ${work}/nginx.pid; worker_processes 1; error_log ${work}/error.log;
events { worker_connections 1024; }
http { access_log off; gzip_static on; sendfile on; tcp_nopush on;
  client_body_temp_path ${work}/tmp; proxy_temp_path ${work}/tmp; fastcgi_temp_path ${work}/tmp;
  uwsgi_temp_path ${work}/tmp; scgi_temp_path ${work}/tmp;
  types { application/json json; }
  server { listen 127.0.0.1:${nginxPort}; root ${docroot}; } }`,
  );
  mkdirSync(join(work, 'tmp'), { recursive: true });
  const r = spawnSync('nginx', ['-c', conf]);
  if (r.status !== 0) {
    console.log(`nginx did not start: ${r.stderr}`);
    return undefined;
  }
  return true;
}

if (!existsSync(join(root, 'dist', 'web', 'index.html'))) console.log('(dist/web missing)');
