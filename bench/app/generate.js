// Builds the bench's APK set from the project's format builders (dist/appaudit/test-builders.js):
// a few small apps carrying known SDK trees, and one large app (>= 100 MB, >= 60,000 classes in
// ten DEX files, plus incompressible assets) that a real-world game or super-app resembles.
// Usage: node bench/app/generate.js OUTDIR (the unit-test builders; bench/app/run.js uses real-large.js)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import {
  buildApk,
  buildDex,
  buildZip,
  buildAxml,
  manifestSpec,
} from '../../dist/appaudit/test-builders.js';

const deflate = (d) => new Uint8Array(deflateRawSync(d, { level: 6 }));
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const word = (n) =>
  Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');

// SDK trees the large app carries (classes per tree), and one lookalike that is no SDK.
const trees = {
  'com/umeng/analytics': 400,
  'com/umeng/commonsdk': 300,
  'com/bytedance/sdk/openadsdk': 2500,
  'com/tencent/bugly': 600,
  'cn/jpush/android': 800,
  'com/igexin/sdk': 500,
  'com/baidu/mobads': 700,
  'com/google/firebase/analytics': 300,
  'com/facebook/ads': 900,
  'com/umengx/lookalike': 50,
};

/** Writes the set; returns the file paths. */
export function generate(dir) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  const small = [
    ['small-umeng.apk', ['Lcom/umeng/analytics/MobclickAgent;', 'Lorg/example/a/Main;']],
    [
      'small-pangle.apk',
      ['Lcom/bytedance/sdk/openadsdk/TTAdSdk;', 'Lcom/tencent/bugly/crashreport/CrashReport;'],
    ],
    ['small-clean.apk', ['Lorg/example/clean/Main;', 'Landroidx/core/app/ActivityCompat;']],
  ];
  for (const [name, classes] of small) {
    const path = join(dir, name);
    writeFileSync(
      path,
      buildApk({ package: `org.example.${name.slice(6, -4)}`, dex: [classes] }, deflate),
    );
    files.push(path);
  }
  files.push(large(join(dir, 'large.apk')));
  return files;
}

function large(path) {
  const classes = [];
  for (const [tree, n] of Object.entries(trees)) {
    for (let i = 0; i < n; i++) classes.push(`L${tree}/${word(2)}${i};`);
  }
  while (classes.length < 62_000)
    classes.push(`Lorg/example/big/p${classes.length % 97}/${word(6)}${classes.length};`);
  const entries = [
    { name: 'AndroidManifest.xml', data: buildAxml(manifestSpec({ package: 'org.example.big' })) },
  ];
  const perDex = Math.ceil(classes.length / 10);
  for (let d = 0; d < 10; d++) {
    const part = classes.slice(d * perDex, (d + 1) * perDex);
    // Strings as a real DEX has them: identifiers, messages, a third of them dotted names or URLs.
    const strings = Array.from({ length: 90_000 }, (_, i) =>
      i % 3 === 0
        ? `https://${word(8)}.example.com/${word(20)}/${d}/${i}`
        : `${word(12)} ${word(30)} ${word(40)} ${d}-${i}`,
    );
    entries.push({
      name: d === 0 ? 'classes.dex' : `classes${d + 1}.dex`,
      data: buildDex({ classes: part, strings }),
    });
  }
  const noise = new Uint8Array(72 * 1024 * 1024);
  for (let i = 0; i < noise.length; i += 4)
    new DataView(noise.buffer).setUint32(i, (seed = (seed * 1103515245 + 12345) >>> 0));
  entries.push({ name: 'assets/level-data.bin', data: noise, stored: true });
  writeFileSync(path, buildZip(entries, deflate));
  return path;
}

if (process.argv[2] !== undefined) for (const f of generate(process.argv[2])) console.log(f);
