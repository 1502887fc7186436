// Benchmark: `sousveil db copy` of an SQLite store holding N map points (and a scan of N/10
// hosts) into an empty PostgreSQL database (127.0.0.1:5432 or SOUSVEIL_TEST_POSTGRES), then the
// same rows moved by PostgreSQL's own COPY from a CSV file, side by side: wall time, rows/s and
// peak memory of the copy, whose own check (counts and a SHA-256 per table) is part of its time.
// Usage: node bench/db-copy/run.js [points=1000000]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openSqliteStore } from '../../dist/store/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'results', 'db-copy');
const points = Number(process.argv[2] ?? 1_000_000);
const admin = process.env.SOUSVEIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// A deterministic store: points spread over the world, a scan whose verdicts repeat by maker.
let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const file = join(out, 'source.db');
const store = openSqliteStore(file);
for (let i = 0; i < points; i += 10_000) {
  const batch = [];
  for (let j = i; j < Math.min(points, i + 10_000); j++)
    batch.push({
      id: `n${j}`,
      kind: 'camera',
      lat: rand() * 170 - 85,
      lon: rand() * 358 - 179,
      data: { maker: ['hikvision', 'dahua', 'axis'][j % 3], direction: j % 360 },
    });
  await store.map.put(batch);
}
const scan = await store.scans.create({ kind: 'import', startedAt: '2026-11-30', params: {} });
const restrictions = [{ restriction: 'us-fcc-covered-list', short: 'FCC Covered List' }];
for (let i = 0; i < points / 10; i += 5000)
  await store.scans.addHosts(
    scan.id,
    Array.from({ length: Math.min(5000, points / 10 - i) }, (_, k) => ({
      address: `10.${(i + k) >> 16}.${((i + k) >> 8) & 255}.${(i + k) & 255}`,
      covered: true,
      verdict: { restrictions, evidence: [{ seen: `host-${i + k}` }] },
    })),
  );
await store.close();

async function database(name) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function measure(command, args) {
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // gone
    }
  }, 50);
  const [code] = await once(child, 'exit');
  clearInterval(poll);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  return { seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024 };
}

const target = await database('sousveil_bench_copy');
const copy = await measure(process.execPath, [
  join(root, 'bin', 'sousveil.js'),
  'db',
  'copy',
  '--from',
  file,
  '--to',
  target,
]);

// The peer: the same map points exported by sqlite3 to CSV and loaded with PostgreSQL's COPY.
const csv = join(out, 'points.csv');
const exported = performance.now();
const dump = spawnSync(
  'sqlite3',
  ['-csv', file, 'SELECT id, kind, lat, lon, data_json FROM map_points'],
  {
    maxBuffer: 1 << 30,
  },
);
writeFileSync(csv, dump.stdout);
const peerUrl = await database('sousveil_bench_peer');
const c = new pg.Client({ connectionString: peerUrl });
await c.connect();
await c.query(
  'CREATE TABLE map_points (id TEXT PRIMARY KEY, kind TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, data_json TEXT)',
);
await c.end();
const load = spawnSync(
  'psql',
  [peerUrl, '-c', `\\copy map_points FROM '${csv}' WITH (FORMAT csv)`],
  {
    encoding: 'utf8',
  },
);
if (load.status !== 0) throw new Error(`psql \\copy: ${load.stderr}`);
const peerSeconds = (performance.now() - exported) / 1000;

const line = (label, value) => console.log(`  ${label.padEnd(46)} ${value}`);
console.log(
  `db copy of an SQLite store with ${points.toLocaleString('en')} map points and ${(points / 10).toLocaleString('en')} scan hosts`,
);
line(
  'sousveil db copy (copy + counts + SHA-256)',
  `${copy.seconds.toFixed(1)} s, ${Math.round((points * 1.1) / copy.seconds).toLocaleString('en')} rows/s, peak RSS ${Math.round(copy.peakMb)} MB`,
);
line('sqlite3 -csv | psql \\copy (map points only)', `${peerSeconds.toFixed(1)} s`);
line('ratio', `${(copy.seconds / peerSeconds).toFixed(1)}x the time`);
line(
  'load average when done',
  readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
);
const cleanup = new pg.Client({ connectionString: admin });
await cleanup.connect();
await cleanup.query('DROP DATABASE IF EXISTS sousveil_bench_copy WITH (FORCE)');
await cleanup.query('DROP DATABASE IF EXISTS sousveil_bench_peer WITH (FORCE)');
await cleanup.end();
rmSync(out, { recursive: true, force: true });
