// Benchmark: `sousveil net scan` against `nmap -sV -Pn` (Debian package nmap) in one run, over a
// loopback /16 with the device lab's emulated devices among it. Prints hosts per second for both,
// the ratio, and each tool's identification accuracy against the lab's ground truth (nmap's XML
// is judged by the same kb through `sousveil net import`).
//
// sousveil scans the whole /16. nmap -sV would take hours on 65,536 addresses here, so it scans a
// seeded uniform sample of the same /16 (default 4,096 addresses, 1/16 of it, with the devices
// that fall in it, so the density of devices is the same); its rate is hosts of the sample per
// second. Accuracy is compared on the same devices: those in nmap's sample. nmap gets
// --host-timeout (default 300 s); a device it gave up on counts as not identified.
//
// The lab's misbehaving devices are left out of nmap's sample (sousveil still scans them): nmap -sV
// does not bound them. Against the endless-headers device it ran 25 minutes at full CPU, grew to
// 868 MB and had not finished, --host-timeout notwithstanding. Leaving them out favours nmap.
// nmap also gets a wall-clock limit (default 3600 s); if it hits it, it is rated and judged on the hosts
// it finished, and the run says so.
// Usage: node bench/net-scan/run.js [cidr=127.77.0.0/16] [devices=300] [sample=4096]
//          [host-timeout=300] [nmap-limit=3600]
// Traffic goes only to 127.0.0.0/8.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });
const cidr = process.argv[2] ?? '127.77.0.0/16';
const deviceCount = Number(process.argv[3] ?? 300);
const sampleSize = Number(process.argv[4] ?? 4096);
const hostTimeout = Number(process.argv[5] ?? 300);
const nmapLimit = Number(process.argv[6] ?? 3600);
if (!cidr.startsWith('127.')) throw new Error('the benchmark only scans 127.0.0.0/8');

const { startLab } = await import(join(root, 'dist', 'netaudit', 'lab', 'index.js'));
const lab = await startLab({ base: cidr, devices: deviceCount, seed: 7 });
const ports = '80,443,554,8000,8080,8443,34567,37777';
const sv = join(root, 'bin', 'sousveil.js');

// Asynchronous on purpose: the lab answers from this process's event loop, which a spawnSync
// would block for the whole scan (ports would look open, but no device would ever reply).
const run = (cmd, args, limitSeconds = Infinity) =>
  new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    const timer = Number.isFinite(limitSeconds)
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, limitSeconds * 1000)
      : undefined;
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({
        timedOut,
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        status,
      });
    });
  });

const [baseIp, bits] = cidr.split('/');
const size = 2 ** (32 - Number(bits ?? 32));
const toNum = (a) => a.split('.').reduce((x, p) => x * 256 + Number(p), 0);
const toIp = (n) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
const base = toNum(baseIp) - (toNum(baseIp) % size);

// A seeded uniform sample of the range (Fisher-Yates over offsets).
let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const offsets = Array.from({ length: size }, (_, i) => i);
for (let i = 0; i < Math.min(sampleSize, size); i++) {
  const j = i + Math.floor(rand() * (size - i));
  [offsets[i], offsets[j]] = [offsets[j], offsets[i]];
}
const hostile = new Set(
  lab.devices.filter((d) => d.truth.deviceType === 'hostile').map((d) => d.address),
);
const sample = offsets
  .slice(0, Math.min(sampleSize, size))
  .sort((a, b) => a - b)
  .map((o) => toIp(base + o))
  .filter((a) => !hostile.has(a));
const inSample = new Set(sample);
writeFileSync(join(out, 'net-scan-sample.txt'), `${sample.join('\n')}\n`);

try {
  const sousveil = await run(process.execPath, [
    sv,
    'net',
    'scan',
    cidr,
    '--ports',
    ports,
    '--json',
    '--no-save',
    '--fail-on',
    'never',
  ]);
  writeFileSync(join(out, 'net-scan-sousveil.json'), sousveil.stdout);
  const nmap = await run(
    'nmap',
    [
      '-sV',
      '-Pn',
      '-n',
      '-T4',
      '--host-timeout',
      `${hostTimeout}s`,
      '-p',
      ports,
      '-oX',
      join(out, 'net-scan-nmap.xml'),
      '-iL',
      join(out, 'net-scan-sample.txt'),
    ],
    nmapLimit,
  );
  // Stopped at the limit: judge the hosts it finished (nmap writes each host group as it ends;
  // the file only lacks its closing tag) and rate it on those.
  const xmlPath = join(out, 'net-scan-nmap.xml');
  const nmapXml = readFileSync(xmlPath, 'utf8');
  const finished = new Set([...nmapXml.matchAll(/<address addr="([^"]+)"/g)].map((m) => m[1]));
  if (nmap.timedOut) {
    writeFileSync(xmlPath, nmapXml.includes('</nmaprun>') ? nmapXml : `${nmapXml}</nmaprun>\n`);
    console.log(
      `nmap stopped at the ${nmapLimit}-s limit with ${finished.size} of ${sample.length} hosts done; rated and judged on those`,
    );
  } else if (nmap.status !== 0) throw new Error(`nmap failed: ${nmap.stderr}`);
  const judged = await run(process.execPath, [
    sv,
    'net',
    'import',
    xmlPath,
    '--json',
    '--no-save',
    '--fail-on',
    'never',
  ]);
  const svHosts = JSON.parse(sousveil.stdout).hosts;
  const nmHosts = JSON.parse(judged.stdout).hosts;
  const all = lab.devices;
  // nmap's devices: those in its sample that it finished (all of them unless it hit the limit).
  const sampled = all.filter((d) => inSample.has(d.address) && finished.has(d.address));
  const hostileLeftOut = offsets
    .slice(0, Math.min(sampleSize, size))
    .filter((o) => hostile.has(toIp(base + o))).length;
  const svRate = size / sousveil.seconds;
  const nmRate = (nmap.timedOut ? finished.size : sample.length) / nmap.seconds;
  const skipped = (nmap.stdout.match(/due to host timeout/g) ?? []).length;
  const report = {
    cidr,
    devices: all.length,
    sample: sample.length,
    sampledDevices: sampled.length,
    hostileLeftOutOfNmapSample: hostileLeftOut,
    sousveil: {
      seconds: sousveil.seconds,
      hostsPerSecond: svRate,
      accuracyAll: score(all, svHosts),
      accuracySample: score(sampled, svHosts),
    },
    nmap: {
      seconds: nmap.seconds,
      hostsPerSecond: nmRate,
      accuracySample: score(sampled, nmHosts),
      hostTimeouts: skipped,
    },
    ratio: nmRate > 0 ? svRate / nmRate : null,
  };
  writeFileSync(join(out, 'net-scan.json'), JSON.stringify(report, null, 2));
  console.log(
    `net-scan benchmark: ${cidr} (${size} hosts, ${all.length} lab devices), ports ${ports}`,
  );
  console.log(
    `  sousveil net scan, whole range      ${sousveil.seconds.toFixed(1)} s  ${Math.round(svRate)} hosts/s  accuracy ${pct(report.sousveil.accuracyAll)} (all devices), ${pct(report.sousveil.accuracySample)} (devices in nmap's sample)`,
  );
  console.log(
    `  nmap -sV -Pn -T4, ${sample.length}-address sample  ${nmap.seconds.toFixed(1)} s  ${nmRate.toFixed(1)} hosts/s  accuracy ${pct(report.nmap.accuracySample)} (devices in the sample; ${skipped} host timeouts; ${hostileLeftOut} misbehaving devices left out of its sample)`,
  );
  console.log(
    `  ratio (hosts/s)                     ${report.ratio === null ? 'none: nmap finished no host' : `${report.ratio.toFixed(1)}x`}`,
  );
  for (const [name, acc] of [
    ['sousveil', report.sousveil.accuracySample],
    ['nmap', report.nmap.accuracySample],
  ])
    for (const miss of acc.misses) console.log(`  ${name} missed ${miss}`);
} finally {
  await lab.close();
}

function pct(a) {
  return `${((a.correct / Math.max(1, a.total)) * 100).toFixed(1)}% (${a.correct}/${a.total})`;
}

/**
 * A device counts as right when maker, brand (for rebrands) and covered all match its ground
 * truth; a control or misbehaving device (no maker) is right when it is not reported covered.
 */
function score(devices, hosts) {
  const byAddress = new Map(hosts.map((h) => [h.address, h]));
  let correct = 0;
  const misses = [];
  for (const d of devices) {
    const h = byAddress.get(d.address);
    const t = d.truth;
    const ok =
      t.maker === null
        ? (h?.covered ?? false) === false
        : h !== undefined &&
          h.maker === t.maker &&
          (t.brand === undefined || h.brand === t.brand) &&
          h.covered === t.covered;
    if (ok) correct++;
    else
      misses.push(
        `${d.address} ${d.profile}: expected ${t.maker ?? 'no maker'}${t.brand ? `/${t.brand}` : ''}, got ${h?.maker ?? 'nothing'}${h?.brand ? `/${h.brand}` : ''}`,
      );
  }
  return { correct, total: devices.length, misses };
}
