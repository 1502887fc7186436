// Benchmark: `sousveil net import` of a large CSV asset inventory (generated here, deterministic),
// saved in a fresh database: wall time, rows/s and peak memory of the whole command, against
// sqlite3's own `.import` of the same file into a table (reading and storing the rows only: the
// floor any import pays), run side by side.
// Usage: node bench/inputs/run.js [rows=1000000]
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'results', 'inputs');
const rows = Number(process.argv[2] ?? 1_000_000);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// A deterministic inventory: covered makers, labels, others, and rows with nothing known.
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const hex2 = () =>
  Math.floor(rand() * 256)
    .toString(16)
    .padStart(2, '0');
const kinds = [
  ['Hikvision', 'DS-2CD2143G0-I', 'V5.5.82', '44:19:B6'],
  ['Dahua', 'IPC-HFW2228M', '2.800.0000000.16.R', '3C:EF:8C'],
  ['Axis', 'P3245-V', '10.12.1', '00:40:8C'],
  ['Lorex', 'LNB4321', '', 'BC:AD:28'],
  ['Dell', 'OptiPlex 7090', '', ''],
  ['', '', '', ''],
];

async function writeInventory(file) {
  const stream = createWriteStream(file);
  stream.write('IP Address,MAC Address,Name,Manufacturer,Model,Firmware Version,Location\r\n');
  let block = '';
  for (let i = 0; i < rows; i++) {
    const [maker, model, firmware, oui] = kinds[Math.floor(rand() * kinds.length)];
    const prefix = oui || `02:${hex2()}:${hex2()}`;
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    block += `${ip},${prefix}:${hex2()}:${hex2()}:${hex2()},host-${i},${maker},${model},${firmware},"Building ${i % 40}, floor ${i % 7}"\r\n`;
    if (block.length > 1 << 20) {
      if (!stream.write(block)) await once(stream, 'drain');
      block = '';
    }
  }
  stream.end(block);
  await once(stream, 'finish');
}

/**
 * Runs a command; wall time, and its peak resident memory and CPU time (user + system, last seen)
 * read from /proc while it runs: on a busy machine CPU time is the steadier figure.
 */
async function measure(command, args, env = {}) {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let peakKb = 0;
  let cpuTicks = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime, stime.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks = Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }, 50);
  const [code] = await once(child, 'exit');
  clearInterval(poll);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  const cpuSeconds = cpuTicks / clockTicks;
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds,
    peakMb: peakKb / 1024,
    stderr,
  };
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
const csv = join(out, 'inventory.csv');
await writeInventory(csv);
const db = join(out, 'import.db');
const sousveil = await measure(process.execPath, [
  join(root, 'bin', 'sousveil.js'),
  'net',
  'import',
  csv,
  '--db',
  db,
  '--fail-on',
  'never',
]);
const saved = spawnSync('sqlite3', [db, 'SELECT count(*) FROM scan_hosts'], { encoding: 'utf8' });
const peerDb = join(out, 'peer.db');
const peer =
  spawnSync('sqlite3', ['-version']).status === 0
    ? await measure('sqlite3', [peerDb, '.mode csv', `.import ${csv} inventory`])
    : undefined;

const mb = (n) => `${Math.round(n)} MB`;
const line = (label, value) => console.log(`  ${label.padEnd(44)} ${value}`);
console.log(
  `net import of a ${rows.toLocaleString('en')}-row CSV inventory (${mb(statSync(csv).size / 2 ** 20)}), saved`,
);
line(
  'sousveil net import',
  `${sousveil.seconds.toFixed(1)} s, ${Math.round(rows / sousveil.seconds).toLocaleString('en')} rows/s, peak RSS ${mb(sousveil.peakMb)}`,
);
line('  CPU time (user + system)', `${sousveil.cpuSeconds.toFixed(1)} s`);
line('hosts saved', `${(saved.stdout ?? '').trim()} (database ${mb(statSync(db).size / 2 ** 20)})`);
if (peer !== undefined) {
  line(
    'sqlite3 .import (rows only, no identification)',
    `${peer.seconds.toFixed(1)} s (CPU ${peer.cpuSeconds.toFixed(1)} s)`,
  );
  line(
    'ratio sousveil/sqlite3 .import',
    `${(sousveil.seconds / peer.seconds).toFixed(1)}x the time`,
  );
} else console.log('  (sqlite3 not installed: no peer figure)');
line('targets', 'under 60 s, under 500 MB peak RSS');
line(
  'load average when done',
  readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
);
rmSync(out, { recursive: true, force: true });
