// Benchmark: the observatory under mixed load while one client uploads a large scan. 100
// connections send cached GETs and small nmap XML uploads to `sousveil serve` on loopback; after
// a second, one more client uploads a synthetic 66,000-host nmap XML (about 7 MB; addresses in
// 10.0.0.0/8, only data: nothing is sent there). Reported: p50/p99/max latency of the other
// requests (all of them, and those made while the large upload was in flight), the large
// upload's time, the server's peak RSS, and errors.
// The peer is the same server from another checkout (e.g. a worktree of `main`), run the same way
// in the same invocation: node bench/server/run.js [seconds=10] [connections=100] [--peer DIR]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nmapXml } from '../shared/nmap-xml.js';
import { round, stats, statusField } from '../shared/stats.js';
import { waitFor } from '../shared/wait-for.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const peerAt = args.indexOf('--peer');
const peerRoot = peerAt >= 0 ? resolve(args.splice(peerAt, 2)[1]) : undefined;
const seconds = Number(args[0] ?? 10);
const connections = Number(args[1] ?? 100);
const port = 18090;
const work = mkdtempSync(join(tmpdir(), 'sousveil-bench-server-'));
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });

const reads = [
  '/api/v1/countries',
  '/api/v1/statistics',
  '/api/v1/vendors/hikvision',
  '/api/v1/identify?q=44%3A19%3AB6%3A12%3A34%3A56',
  '/api/v1/scans',
];
/** Connections that send small uploads; the others send cached GETs. */
const uploaders = Math.max(1, Math.round(connections / 10));
const smallXml = nmapXml(20, 1);
const largeXml = nmapXml(66_000, 0);

try {
  console.log(
    `large upload: ${largeXml.length} bytes, 66000 hosts; small uploads: ${smallXml.length} bytes, ` +
      `${uploaders} of ${connections} connections upload, the others read; at least ${seconds} s`,
  );
  const rows = [];
  for (const [label, dir] of [['sousveil', root], ...(peerRoot ? [['peer', peerRoot]] : [])]) {
    const r = await benchOne(dir, join(work, `${label}.db`));
    rows.push({ label, root: label === 'peer' ? 'peer checkout' : 'this checkout', ...r });
    console.log(format(label, r));
  }
  const [ours, peer] = rows;
  if (peer)
    console.log(
      `ratio (peer / sousveil): p99 during the large upload ` +
        `${(peer.during.p99 / ours.during.p99).toFixed(1)}x, peak RSS ` +
        `${(peer.peakRssMiB / ours.peakRssMiB).toFixed(2)}x`,
    );
  writeFileSync(join(out, 'server.json'), JSON.stringify({ seconds, connections, rows }, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Runs the server of the checkout at `dir` over a fresh database and measures it. */
async function benchOne(dir, db) {
  const server = spawn(
    process.execPath,
    [join(dir, 'bin', 'sousveil.js'), 'serve', '--port', String(port), '--db', db],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr.on('data', (d) => (log += d));
  try {
    await waitFor(`http://127.0.0.1:${port}/api/v1/countries`);
    for (const path of reads) await send('GET', path);
    return await load(server.pid);
  } catch (e) {
    throw new Error(`${e.message}\nserver log:\n${log.slice(-2000)}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

/** The mixed load with the large upload in the middle; latencies of everything else. */
async function load(pid) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const others = [];
  const errors = {};
  const big = { startMs: Infinity, endMs: Infinity, status: 0 };
  const started = performance.now();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid))), 100);
  const bigDone = (async () => {
    await new Promise((r) => setTimeout(r, 1000));
    big.startMs = performance.now() - started;
    const r = await send('POST', '/api/v1/scans?name=large.xml', largeXml).catch((e) => ({
      status: e.code ?? 'error',
    }));
    big.endMs = performance.now() - started;
    big.status = r.status;
  })();
  const stop = () => performance.now() - started > seconds * 1000 && big.endMs !== Infinity;
  let n = 0;
  const client = async (upload) => {
    while (!stop() && performance.now() - started < 300_000) {
      const t0 = performance.now();
      const r = upload
        ? await send('POST', '/api/v1/scans?name=small.xml', smallXml, agent).catch(failed)
        : await send('GET', reads[++n % reads.length], undefined, agent).catch(failed);
      const t1 = performance.now();
      others.push({ ms: t1 - t0, atMs: t0 - started, upload });
      if (typeof r.status !== 'number' || r.status >= 400)
        errors[r.status] = (errors[r.status] ?? 0) + 1;
    }
  };
  await Promise.all([
    bigDone,
    ...Array.from({ length: connections }, (_, i) => client(i < uploaders)),
  ]);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, hwmOf(pid));
  agent.destroy();
  const during = others.filter((o) => o.atMs >= big.startMs && o.atMs < big.endMs);
  return {
    requests: others.length,
    all: stats(others),
    during: stats(during),
    reads: stats(others.filter((o) => !o.upload)),
    uploads: stats(others.filter((o) => o.upload)),
    large: { status: big.status, seconds: round((big.endMs - big.startMs) / 1000) },
    peakRssMiB: round(peakRss / 1024),
    errors,
  };
}

function failed(e) {
  return { status: e.code ?? 'error' };
}

/** Sends one request and reads the answer; resolves with its status. */
function send(method, path, body, agent) {
  return new Promise((resolveSend, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        headers: body ? { 'content-type': 'application/xml' } : { 'accept-encoding': 'gzip' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolveSend({ status: res.statusCode }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The server's resident set now, and its high-water mark, in KiB (Linux /proc). */
function rssOf(pid) {
  return statusField(pid, 'VmRSS');
}
function hwmOf(pid) {
  return statusField(pid, 'VmHWM');
}

function format(label, r) {
  const s = (x) => `n=${x.n} p50 ${x.p50} ms p99 ${x.p99} ms max ${x.max} ms`;
  return [
    `${label}:`,
    `  other requests, all:           ${s(r.all)}`,
    `  other requests, during upload: ${s(r.during)}`,
    `    cached reads: ${s(r.reads)}`,
    `    small uploads: ${s(r.uploads)}`,
    `  large upload: status ${r.large.status} in ${r.large.seconds} s`,
    `  peak RSS: ${r.peakRssMiB} MiB; errors: ${JSON.stringify(r.errors)}`,
  ].join('\n');
}

/**
 * A synthetic nmap XML of `hosts` hosts in 10.0.0.0/8, each with its MAC address (three
 * elements a host, within the XML parser's element bound): one in ten with a Hikvision prefix,
 * the others with an Axis one. About 7 MB for 66,000 hosts.
 */
