// Benchmark: `sousveil app scan` against the Exodus way (dexdump + a regex over its class list)
// and against androguard, on the same APKs in one run: throughput in MB/s by wall time and by CPU
// time (user + system, children included), peak memory on the large APK (GNU time's maximum
// resident set), and the SDKs each finds from classes. The tools take turns in each of several
// rounds (BENCH_ROUNDS, default 3), so they share the machine's load; the best and the median
// round are reported, with the load average around each round.
// Usage: npm run build && node bench/app/run.js
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKb } from '../../dist/kb/index.js';
import { existsSync } from 'node:fs';
import { buildRealLarge, buildRealSmall } from './real-large.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'bench', 'results', 'app');
mkdirSync(out, { recursive: true });

// Built with apktool (smali, aapt) like real apps; the large one takes a minute, so it is kept.
const large = join(out, 'real-large.apk');
if (!existsSync(large)) buildRealLarge(large);
const small = [
  ['small-umeng.apk', ['Lcom/umeng/analytics/MobclickAgent;', 'Lorg/example/a/Main;']],
  [
    'small-pangle.apk',
    ['Lcom/bytedance/sdk/openadsdk/TTAdSdk;', 'Lcom/tencent/bugly/crashreport/CrashReport;'],
  ],
  ['small-clean.apk', ['Lorg/example/clean/Main;', 'Landroidx/core/app/ActivityCompat;']],
].map(([name, classes]) =>
  existsSync(join(out, name)) ? join(out, name) : buildRealSmall(join(out, name), classes),
);
const files = [...small, large];
const totalBytes = files.reduce((n, f) => n + statSync(f).size, 0);
const { kb } = await loadKb();
const signatures = kb.sdks
  .filter((s) => !s.categories.includes('packer'))
  .flatMap((s) => s.rules.filter((r) => r.kind === 'package').map((r) => [s.id, r.pattern]));
const sigFile = join(out, 'signatures.json');
writeFileSync(sigFile, JSON.stringify(signatures));

/** Runs a command under GNU time: wall and CPU seconds, peak RSS in MB, stdout. */
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, user, system, kb] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 3) throw new Error(`${cmd} failed: ${r.stderr.slice(0, 500)}`);
  return { seconds, cpuSeconds: user + system, peakMb: kb / 1024, stdout: r.stdout };
}

const tools = {
  sousveil: (apks) => {
    const r = timed('node', [
      join(root, 'bin', 'sousveil.js'),
      'app',
      'scan',
      ...apks,
      '--no-save',
      '--json',
      '--fail-on',
      'never',
    ]);
    const found = {};
    for (const rep of JSON.parse(r.stdout).reports) {
      found[rep.file] = rep.sdks
        .filter((s) => s.evidence.some((e) => e.kind === 'package'))
        .map((s) => s.id)
        .sort();
    }
    return { ...r, found };
  },
  'dexdump+regex (Exodus)': (apks) => {
    const r = timed('python3', [join(here, 'exodus-peer.py'), sigFile, ...apks]);
    return {
      ...r,
      found: Object.fromEntries(Object.entries(JSON.parse(r.stdout)).map(([k, v]) => [k, v.sdks])),
    };
  },
  androguard: (apks) => {
    const r = timed('/usr/bin/python3', [join(here, 'androguard-peer.py'), sigFile, ...apks]);
    return {
      ...r,
      found: Object.fromEntries(Object.entries(JSON.parse(r.stdout)).map(([k, v]) => [k, v.sdks])),
    };
  },
};

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const runs = Object.fromEntries(Object.keys(tools).map((n) => [n, []]));
const loads = [];
for (let round = 1; round <= rounds; round++) {
  const before = load();
  for (const [name, tool] of Object.entries(tools)) {
    const all = tool(files);
    const alone = tool([large]);
    runs[name].push({ all, alone });
    console.error(
      `round ${round} ${name}: ${all.seconds.toFixed(2)} s wall, ${all.cpuSeconds.toFixed(2)} s CPU for ${(totalBytes / 1e6).toFixed(1)} MB; large APK ${alone.seconds.toFixed(2)} s, peak ${alone.peakMb.toFixed(0)} MB`,
    );
  }
  loads.push(`round ${round}: load ${before} -> ${load()}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = totalBytes / 1e6;
const results = {};
for (const [name, list] of Object.entries(runs)) {
  const wall = list.map((r) => r.all.seconds);
  const cpu = list.map((r) => r.all.cpuSeconds);
  results[name] = {
    wall: { best: Math.min(...wall), median: median(wall), all: wall },
    cpu: { best: Math.min(...cpu), median: median(cpu), all: cpu },
    largeSeconds: median(list.map((r) => r.alone.seconds)),
    largeCpuSeconds: median(list.map((r) => r.alone.cpuSeconds)),
    largePeakMb: Math.max(...list.map((r) => r.alone.peakMb)),
    found: list[0].all.found,
  };
}

const ours = results.sousveil;
console.log(
  `APK set: ${files.map((f) => `${basename(f)} ${(statSync(f).size / 1e6).toFixed(1)} MB`).join(', ')}`,
);
console.log(`${rounds} round(s) on ${availableParallelism()} CPU(s), shared; ${loads.join('; ')}`);
console.log(
  'tool                      MB/s wall (best/median)  MB/s CPU (best/median)  large s (CPU)  peak MB  sousveil is (wall best/median, CPU best/median)',
);
const f1 = (x) => x.toFixed(1);
for (const [name, r] of Object.entries(results)) {
  const ratio = (k, w) => f1(r[k][w] / ours[k][w]);
  console.log(
    `${name.padEnd(25)} ${`${f1(mb / r.wall.best)} / ${f1(mb / r.wall.median)}`.padStart(22)}  ${`${f1(mb / r.cpu.best)} / ${f1(mb / r.cpu.median)}`.padStart(22)}  ${`${r.largeSeconds.toFixed(2)} (${r.largeCpuSeconds.toFixed(2)})`.padStart(13)} ${r.largePeakMb.toFixed(0).padStart(8)}  ${ratio('wall', 'best')}x / ${ratio('wall', 'median')}x, ${ratio('cpu', 'best')}x / ${ratio('cpu', 'median')}x`,
  );
}

// The SDKs found must be the same. One difference is by design and is explained, not hidden:
// sousveil gives a class to its most specific rule (com.bytedance.sdk.openadsdk.X to Pangle, not
// to the com.bytedance umbrella), where a peer testing every signature counts the umbrella too.
const packagesOf = new Map(
  kb.sdks.map((s) => [s.id, s.rules.filter((r) => r.kind === 'package').map((r) => r.pattern)]),
);
const umbrellaOf = (id, foundByUs) =>
  foundByUs.find((other) =>
    (packagesOf.get(id) ?? []).every((p) =>
      (packagesOf.get(other) ?? []).some((q) => q.startsWith(`${p}.`)),
    ),
  );
let differ = false;
for (const f of files.map((x) => basename(x))) {
  const mine = ours.found[f] ?? [];
  console.log(`${f}: sousveil ${mine.join(' ') || '-'}`);
  for (const [name, r] of Object.entries(results)) {
    if (r === ours) continue;
    const theirs = r.found[f] ?? [];
    const missing = theirs.filter((id) => !mine.includes(id));
    const extra = mine.filter((id) => !theirs.includes(id));
    const explained = missing.filter((id) => umbrellaOf(id, mine) !== undefined);
    const unexplained = missing.filter((id) => !explained.includes(id));
    const same = unexplained.length === 0 && extra.length === 0;
    if (!same) differ = true;
    const notes = explained.map((id) => `${id} is the umbrella of ${umbrellaOf(id, mine)}`);
    console.log(
      `  ${name}: ${same ? 'same SDKs' : 'DIFFERENT'}${unexplained.length > 0 ? `; only it finds ${unexplained.join(' ')}` : ''}${extra.length > 0 ? `; only sousveil finds ${extra.join(' ')}` : ''}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    );
  }
}
writeFileSync(
  join(out, 'app.json'),
  JSON.stringify({ totalBytes, rounds, loads, results }, null, 2),
);
if (differ) {
  console.error('the tools found different SDKs: see above');
  process.exitCode = 1;
}
