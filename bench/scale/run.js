// Benchmark: many sites, one observatory. `sousveil serve --workers N` over PostgreSQL
// (127.0.0.1:5432 or SOUSVEIL_TEST_POSTGRES; a fresh database per round) while A agents push
// H-host scans (sousveil JSON, as `net import --json` writes them; addresses in 10.X.0.0/16 are
// only data, nothing is sent there) through `POST /api/v1/agent/results` with their own tokens,
// and R readers query the API (sites, scans, a scan's hosts, statistics, vendor pages, the
// cameras of random views), for S seconds; first with 1 worker, then with 4. A round starts once
// every worker listens (a late one would find every kept-alive connection taken by the first).
// Reported per round: 5xx and other errors, read p50/p99/max and reads/s, uploads/s and hosts/s,
// answers per worker, the time and CPU seconds starting took, the servers' summed peak RSS, and
// the CPU seconds the servers and their PostgreSQL backends used in the round (meter.js: on a
// shared machine these, not wall time, show our cost), with the load average; then the speed-up
// from 1 to 4 workers. The agents are this process's event loop, the readers a worker thread's,
// so the client does not run on one core.
// Usage: node bench/scale/run.js [seconds=30] [agents=20] [hosts=1000] [readers=200] [workers=1,4]
// The `db copy` of a store with 1 million map points is bench/db-copy (npm run bench:db-copy).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { nmapXml } from '../shared/nmap-xml.js';
import { round, stats } from '../shared/stats.js';
import { waitFor } from '../shared/wait-for.js';
import { allListening, perWorker, workerPids } from './workers.js';
import { cpuSeconds, startMeter } from './meter.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'sousveil.js');
const admin = process.env.SOUSVEIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const port = 18091;

if (isMainThread) await main();
else await readers(workerData);

async function main() {
  const [seconds = 30, agents = 20, hosts = 1000, readerCount = 200] = process.argv
    .slice(2, 6)
    .map(Number);
  const rounds = (process.argv[6] ?? '1,4').split(',').map(Number);
  const work = mkdtempSync(join(tmpdir(), 'sousveil-bench-scale-'));
  const out = join(root, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  try {
    console.log(
      `${agents} agents × ${hosts}-host scans, ${readerCount} readers, ${seconds} s per round; ` +
        `${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}`,
    );
    const scans = agentScans(work, agents, hosts);
    const results = [];
    for (const workers of rounds) {
      const r = await round1(work, { workers, seconds, agents, readerCount, scans });
      results.push(r);
      console.log(format(r));
    }
    const [one, four] = [results[0], results.at(-1)];
    if (results.length > 1)
      console.log(
        `speed-up ${one.workers} -> ${four.workers} workers: uploads ` +
          `${(four.uploadsPerSecond / one.uploadsPerSecond).toFixed(2)}x, reads ` +
          `${(four.readsPerSecond / one.readsPerSecond).toFixed(2)}x, read p99 ` +
          `${one.reads.p99} -> ${four.reads.p99} ms`,
      );
    writeFileSync(
      join(out, 'scale.json'),
      JSON.stringify({ seconds, agents, hosts, readers: readerCount, results }, null, 2),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Each agent's scan as sousveil JSON (made once by `net import --json`), in its own /16. */
function agentScans(work, agents, hosts) {
  const scans = [];
  for (let i = 1; i <= agents; i++) {
    const xml = join(work, `site-${i}.xml`);
    writeFileSync(xml, nmapXml(hosts, 0, i));
    const r = spawnSync(
      process.execPath,
      [cli, 'net', 'import', xml, '--json', '--no-save', '--fail-on', 'never'],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    if (r.status !== 0) throw new Error(`net import failed: ${r.stderr}`);
    scans.push(JSON.parse(r.stdout));
  }
  return scans;
}

async function round1(work, { workers, seconds, agents, readerCount, scans }) {
  const name = `sousveil_bench_scale_${process.pid}_${workers}`;
  const pool = new pg.Pool({ connectionString: admin, max: 1 });
  await pool.query(`DROP DATABASE IF EXISTS ${name}`);
  await pool.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = url.toString();
  let server;
  try {
    const codes = [];
    for (let i = 1; i <= agents; i++) codes.push(addSite(db, `site-${i}`, `10.${i}.0.0/16`));
    const spawned = performance.now();
    server = spawn(
      process.execPath,
      [cli, 'serve', '--port', String(port), '--db', db, '--workers', String(workers)],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr.on('data', (d) => (log += d.toString()));
    await waitFor(`http://127.0.0.1:${port}/api/v1/sites`, 600);
    await allListening(() => log, workers);
    const startS = round((performance.now() - spawned) / 1000);
    const tokens = [];
    for (let i = 0; i < agents; i++) {
      const r = await send('POST', '/api/v1/agent/enroll', {
        body: JSON.stringify({ code: codes[i], name: `agent-${i + 1}` }),
        type: 'application/json',
      });
      if (r.status !== 200 && r.status !== 201) throw new Error(`enroll: ${r.status} ${r.text}`);
      tokens.push(JSON.parse(r.text).token);
    }
    const backends = async () =>
      (await pool.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])).rows.map(
        (r) => r.pid,
      );
    const servers = [server.pid, ...workerPids(server.pid)];
    // What starting cost: the migrations and seeding, then each worker's own loading.
    const startCpuS = round(servers.reduce((n, p) => n + cpuSeconds(p), 0));
    const meter = startMeter(servers, backends);
    const load = loadavg()[0];
    const until = performance.now() + seconds * 1000;
    const reading = new Promise((resolve, reject) => {
      const w = new Worker(fileURLToPath(import.meta.url), {
        workerData: { count: readerCount, until: Date.now() + seconds * 1000, agents },
      });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const pushed = await Promise.all(tokens.map((t, i) => pushLoop(t, scans[i], until)));
    const read = await reading;
    const used = await meter.stop();
    const uploads = pushed.flat();
    const errors = {};
    for (const s of [...uploads, ...read.samples].filter(
      (s) => s.status !== 200 && s.status !== 201,
    ))
      errors[s.status] = (errors[s.status] ?? 0) + 1;
    const ok = uploads.filter((u) => u.status === 200 || u.status === 201);
    const saved = await savedScans(db);
    if (saved !== ok.length) throw new Error(`${ok.length} uploads answered, ${saved} scans saved`);
    return {
      workers,
      errors,
      fiveHundreds: Object.entries(errors)
        .filter(([k]) => /^5/.test(k))
        .reduce((n, [, v]) => n + v, 0),
      reads: stats(read.samples),
      readsPerSecond: round(read.samples.length / seconds),
      uploads: stats(uploads),
      uploadsPerSecond: round(ok.length / seconds),
      hostsPerSecond: Math.round((ok.length * scans[0].hosts.length) / seconds),
      savedScans: saved,
      answersPerWorker: perWorker([...uploads, ...read.samples]),
      ...used,
      uploadsPerServerCpuS: round(ok.length / used.serverCpuS),
      startS,
      startCpuS,
      loadAtStart: round(load),
      load: round(loadavg()[0]),
      log: log
        .split('\n')
        .filter((l) => /error|refused|exited/i.test(l))
        .slice(0, 5),
    };
  } finally {
    if (server !== undefined && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await pool.end();
  }
}

/** `sousveil sites add` over the database; its one-time enrollment code. */
function addSite(db, name, range) {
  const r = spawnSync(process.execPath, [cli, 'sites', 'add', name, '--range', range, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, SOUSVEIL_DB: db },
  });
  if (r.status !== 0) throw new Error(`sites add failed: ${r.stderr}`);
  return JSON.parse(r.stdout).code;
}

/** One agent pushing its scan again and again (a new upload id and scan time each push). */
async function pushLoop(token, scan, until) {
  const samples = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let n = 0; performance.now() < until; n++) {
    const body = JSON.stringify({ ...scan, startedAt: new Date().toISOString(), push: n });
    const id = `${token.slice(-8)}-${n}-${process.pid}`.replace(/[^\w-]/g, '_');
    const t0 = performance.now();
    const r = await send('POST', `/api/v1/agent/results?uploadId=${id}&every=21600`, {
      body,
      type: 'application/json',
      token,
      agent,
    }).catch((e) => ({ status: e.code ?? 'error' }));
    samples.push({ status: r.status, ms: performance.now() - t0, worker: r.worker });
  }
  agent.destroy();
  return samples;
}

/** The worker thread's side: R readers in a loop until the deadline; their samples. */
async function readers({ count, until, agents }) {
  const agent = new Agent({ keepAlive: true, maxSockets: count });
  const samples = [];
  const paths = [
    () => '/api/v1/sites',
    () => '/api/v1/scans?limit=50',
    () => `/api/v1/scans/${1 + Math.floor(Math.random() * agents)}/hosts?covered=true`,
    () => '/api/v1/statistics',
    () => '/api/v1/vendors/hikvision',
    () => {
      const w = -180 + Math.random() * 300;
      const s = -60 + Math.random() * 100;
      return `/api/v1/cameras?bbox=${w.toFixed(3)},${s.toFixed(3)},${(w + 20).toFixed(3)},${(s + 10).toFixed(3)}&zoom=5`;
    },
  ];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      for (let n = i; Date.now() < until; n++) {
        const t0 = performance.now();
        const r = await send('GET', paths[n % paths.length](), { agent }).catch((e) => ({
          status: e.code ?? 'error',
        }));
        // A scan that is not saved yet answers 404: not an error of the server.
        samples.push({
          status: r.status === 404 ? 200 : r.status,
          ms: performance.now() - t0,
          worker: r.worker,
        });
      }
    }),
  );
  agent.destroy();
  parentPort.postMessage({ samples });
}

function send(method, path, { body, type, token, agent } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { 'accept-encoding': 'gzip' };
    if (type !== undefined) headers['content-type'] = type;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          text: Buffer.concat(chunks).toString(),
          worker: res.headers['x-sousveil-worker'],
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function savedScans(db) {
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*) AS n FROM scans')).rows[0].n);
  } finally {
    await c.end();
  }
}

function format(r) {
  const s = (x) => `n=${x.n} p50 ${x.p50} ms p99 ${x.p99} ms max ${x.max} ms`;
  return [
    `${r.workers} worker(s):`,
    `  reads:   ${s(r.reads)}, ${r.readsPerSecond}/s`,
    `  uploads: ${s(r.uploads)}, ${r.uploadsPerSecond}/s (${r.hostsPerSecond} hosts/s), ${r.savedScans} saved`,
    `  5xx: ${r.fiveHundreds}; errors: ${JSON.stringify(r.errors)}; peak RSS ${r.peakRssMiB} MiB; load ${r.loadAtStart} -> ${r.load}`,
    `  start: ${r.startS} s until every worker listened, ${r.startCpuS} CPU s`,
    `  CPU: servers ${r.serverCpuS} s (${r.uploadsPerServerCpuS} uploads per s), PostgreSQL ${r.postgresCpuS} s over ${r.backends} backends`,
    `  answers per worker: ${JSON.stringify(r.answersPerWorker)}`,
  ].join('\n');
}
