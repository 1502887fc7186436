// Benchmark: `sousveil app scan` against the Exodus way (dexdump + a regex over its class list)
// and against androguard, on the same APKs in one run: throughput in MB/s, peak memory on the
// large APK (GNU time's maximum resident set), and the SDKs each finds from classes.
// Usage: npm run build && node bench/app/run.js
import { spawnSync } from 'node:child_process';
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

/** Runs a command under GNU time: seconds, peak RSS in MB, stdout. */
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 3) throw new Error(`${cmd} failed: ${r.stderr.slice(0, 500)}`);
  return { seconds, peakMb: kb / 1024, stdout: r.stdout };
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

const results = {};
for (const [name, tool] of Object.entries(tools)) {
  const all = tool(files);
  const alone = tool([large]);
  results[name] = {
    seconds: all.seconds,
    mbPerS: totalBytes / 1e6 / all.seconds,
    largeSeconds: alone.seconds,
    largePeakMb: alone.peakMb,
    found: all.found,
  };
  console.error(
    `${name}: ${all.seconds.toFixed(2)} s for ${(totalBytes / 1e6).toFixed(1)} MB, large APK ${alone.seconds.toFixed(2)} s, peak ${alone.peakMb.toFixed(0)} MB`,
  );
}

const ours = results.sousveil;
console.log(
  `APK set: ${files.map((f) => `${basename(f)} ${(statSync(f).size / 1e6).toFixed(1)} MB`).join(', ')}`,
);
console.log('tool                      MB/s    large s  peak MB  x sousveil');
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(25)} ${r.mbPerS.toFixed(1).padStart(6)} ${r.largeSeconds.toFixed(2).padStart(9)} ${r.largePeakMb.toFixed(0).padStart(8)}  ${(ours.mbPerS / r.mbPerS).toFixed(1)}x`,
  );
}
for (const f of files.map((x) => basename(x))) {
  const sets = Object.entries(results).map(
    ([n, r]) => `${n}: ${(r.found[f] ?? []).join(' ') || '-'}`,
  );
  console.log(`${f}\n  ${sets.join('\n  ')}`);
}
writeFileSync(join(out, 'app.json'), JSON.stringify({ totalBytes, results }, null, 2));
