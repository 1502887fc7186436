// Benchmark: `sousveil net scan` against `nmap -sV -Pn` (Debian package nmap) over the same
// loopback /16 with the device lab's emulated devices among it, in one run. Prints hosts per
// second for both, the ratio, and each tool's identification accuracy against the lab's ground
// truth (nmap's XML is judged by the same kb through `sousveil net import`).
// Usage: node bench/net-scan/run.js [cidr=127.77.0.0/16] [devices=300] [nmap-cidr=same]
// Traffic goes only to 127.0.0.0/8.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });
const cidr = process.argv[2] ?? '127.77.0.0/16';
const deviceCount = Number(process.argv[3] ?? 300);
const nmapCidr = process.argv[4] ?? cidr;
if (!cidr.startsWith('127.')) throw new Error('the benchmark only scans 127.0.0.0/8');

const { startLab } = await import(join(root, 'dist', 'netaudit', 'lab', 'index.js'));
const lab = await startLab({ base: cidr, devices: deviceCount, seed: 7 });
const ports = '80,443,554,8000,8080,8443,34567,37777';
const sv = join(root, 'bin', 'sousveil.js');

const run = (cmd, args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  return { seconds, stdout: r.stdout, stderr: r.stderr, status: r.status };
};

const hostsIn = (c) => 2 ** (32 - Number(c.split('/')[1] ?? 32));
try {
  const sousveil = run(process.execPath, [
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
  const nmap = run('nmap', [
    '-sV',
    '-Pn',
    '-n',
    '-T4',
    '-p',
    ports,
    '-oX',
    join(out, 'net-scan-nmap.xml'),
    nmapCidr,
  ]);
  if (nmap.status !== 0) throw new Error(`nmap failed: ${nmap.stderr}`);
  const judged = run(process.execPath, [
    sv,
    'net',
    'import',
    join(out, 'net-scan-nmap.xml'),
    '--json',
    '--no-save',
    '--fail-on',
    'never',
  ]);
  const truth = lab.devices.filter(
    (d) => (d.truth !== undefined && d.truth.maker !== undefined) || d.truth?.covered === false,
  );
  const accuracy = (json, scope) =>
    score(
      truth.filter((d) => inCidr(d.address, scope)),
      JSON.parse(json).hosts,
    );
  const svAcc = accuracy(sousveil.stdout, cidr);
  const nmAcc = accuracy(judged.stdout, nmapCidr);
  const svRate = hostsIn(cidr) / sousveil.seconds;
  const nmRate = hostsIn(nmapCidr) / nmap.seconds;
  console.log(
    `net-scan benchmark: ${cidr} (${hostsIn(cidr)} hosts, ${lab.devices.length} lab devices), ports ${ports}`,
  );
  console.log(
    `  sousveil net scan   ${sousveil.seconds.toFixed(1)} s  ${Math.round(svRate)} hosts/s  accuracy ${pct(svAcc)}`,
  );
  console.log(
    `  nmap -sV -Pn (${nmapCidr})  ${nmap.seconds.toFixed(1)} s  ${Math.round(nmRate)} hosts/s  accuracy ${pct(nmAcc)}`,
  );
  console.log(`  ratio (hosts/s)     ${(svRate / nmRate).toFixed(1)}x`);
} finally {
  await lab.close();
}

function pct(a) {
  return `${((a.correct / Math.max(1, a.total)) * 100).toFixed(1)}% (${a.correct}/${a.total})`;
}

/** A device counts as identified right when maker, brand (for rebrands) and covered all match. */
function score(devices, hosts) {
  const byAddress = new Map(hosts.map((h) => [h.address, h]));
  let correct = 0;
  for (const d of devices) {
    const h = byAddress.get(d.address);
    const t = d.truth;
    const ok =
      t.maker === undefined
        ? (h?.covered ?? false) === false
        : h !== undefined &&
          h.maker === t.maker &&
          (t.brand === undefined || h.brand === t.brand) &&
          h.covered === t.covered;
    if (ok) correct++;
  }
  return { correct, total: devices.length };
}

function inCidr(address, c) {
  const [base, bits] = c.split('/');
  const n = (a) => a.split('.').reduce((x, p) => x * 256 + Number(p), 0);
  const size = 2 ** (32 - Number(bits ?? 32));
  return n(address) >= n(base) && n(address) < n(base) + size;
}
