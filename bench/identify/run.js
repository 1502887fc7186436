// Benchmark: `sousveil identify --stdin` throughput, against Python netaddr's MAC-vendor lookup
// (Debian package python3-netaddr) on the same MAC list, run side by side.
// Usage: node bench/identify/run.js [values=500000] [runs=3]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'results');
const count = Number(process.argv[2] ?? 500_000);
const runs = Number(process.argv[3] ?? 3);
mkdirSync(out, { recursive: true });

// A deterministic generator, so every run measures the same input.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const hex2 = () =>
  Math.floor(rand() * 256)
    .toString(16)
    .padStart(2, '0');
const ouis = [
  '44:19:B6',
  '3C:EF:8C',
  'BC:AD:28',
  '14:2F:FD',
  '00:40:8C',
  'AC:CC:8E',
  'B8:27:EB',
  '64:25:5E',
];
const mac = () =>
  (rand() < 0.6 ? pick(ouis) : `${hex2()}:${hex2()}:${hex2()}`) +
  `:${hex2()}:${hex2()}:${hex2()}`.toUpperCase();
const names = [
  'Hikvision',
  'Lorex',
  'Axis',
  'LTS',
  'Amcrest',
  'EZVIZ',
  'Imou',
  'Uniview',
  'Bosch',
  'Some Vendor',
  'Verkada',
];
const banners = [
  'App-webs/',
  'Server: App-webs/',
  'Dahua Rtsp Server',
  'Basic realm="hikvision"',
  'nginx/1.18.0',
  'Apache/2.4.41 (Ubuntu)',
  'lighttpd/1.4.59',
  'Digest realm="Login to ND011811000000"',
];
const models = [
  'DS-2CD2143G0-I',
  'IPC-HFW2228M-I1-V2',
  'DS-7608NI-K2',
  'M3106-L Mk II',
  'XNV-8080R',
];
const domains = [
  'dev.hik-connect.com',
  'www.easy4ipcloud.com',
  'example.org',
  'api.github.com',
  'open.ys7.com',
];
const mixed = () => {
  const r = rand();
  if (r < 0.4) return mac();
  if (r < 0.6) return pick(names);
  if (r < 0.8) return pick(banners);
  if (r < 0.9) return pick(domains);
  return pick(models);
};

const write = (name, gen) => {
  const path = join(out, name);
  writeFileSync(path, Array.from({ length: count }, gen).join('\n') + '\n');
  return path;
};
const mixedFile = write('identify-mixed.txt', mixed);
const macFile = write('identify-macs.txt', mac);

const time = (cmd, args, input) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const fd = openSync(input, 'r');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: [fd, 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    const t1 = process.hrtime.bigint();
    closeSync(fd);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} exited ${r.status}`);
    times.push(Number(t1 - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
};

const sv = [join(root, 'bin', 'sousveil.js'), 'identify', '--stdin'];
const peer = `import sys, netaddr
for line in sys.stdin:
    try:
        netaddr.EUI(line.strip()).oui.registration().org
    except Exception:
        pass
`;
const python = '/usr/bin/python3';
const hasPeer = spawnSync(python, ['-c', 'import netaddr'], { stdio: 'ignore' }).status === 0;

const svMixed = time(process.execPath, sv, mixedFile);
const svMacs = time(process.execPath, sv, macFile);
const svJson = time(process.execPath, [...sv, '--json'], mixedFile);
const rows = [
  ['sousveil identify, mixed values', count / svMixed],
  ['sousveil identify --json, mixed values', count / svJson],
  ['sousveil identify, MACs', count / svMacs],
];
if (hasPeer) {
  const peerMacs = time(python, ['-c', peer], macFile);
  rows.push(['netaddr EUI().oui.registration(), MACs', count / peerMacs]);
  rows.push(['ratio sousveil/netaddr on MACs', svMacs === 0 ? 0 : peerMacs / svMacs]);
} else {
  console.error('peer missing: apt-get install python3-netaddr');
}
const nodeVersion = process.version;
const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], {
  encoding: 'utf8',
}).trim();
console.log(
  `identify benchmark: ${count} values, median of ${runs} runs, node ${nodeVersion}, ${cpu}`,
);
for (const [label, v] of rows) {
  console.log(
    `  ${label.padEnd(42)} ${label.startsWith('ratio') ? `${v.toFixed(1)}x` : `${Math.round(v).toLocaleString('en')} values/s`}`,
  );
}
