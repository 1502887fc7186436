// The large APK built the way real apps are: 62,000 smali classes with methods, fields and
// strings, assembled by apktool (smali) into ten DEX files, signed by apksigner, plus
// incompressible stored assets so the file passes 100 MB, as games and super-apps do.
// Usage: node bench/app/real-large.js OUTFILE
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const word = (n) =>
  Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rand() * 26)]).join('');

const smali = (cls, i) => `.class public ${cls}
.super Ljava/lang/Object;

.field private static final TAG:Ljava/lang/String; = "${word(8)} ${i} ${word(20)}"
.field private count:I

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public run(Ljava/lang/String;)Ljava/lang/String;
    .registers 4
    const-string v0, "https://${word(6)}.example.com/${word(10)}/${i}"
    iget v1, p0, ${cls}->count:I
    add-int/lit8 v1, v1, 0x1
    iput v1, p0, ${cls}->count:I
    return-object v0
.end method

.method public static check${i % 7}(I)Z
    .registers 2
    if-lez p0, :cond_0
    const/4 v0, 0x1
    return v0
    :cond_0
    const/4 v0, 0x0
    return v0
.end method
`;

/** The large APK: 62,000 classes in ten DEX files and 96 MiB of stored assets. */
export function buildRealLarge(out) {
  const classes = [];
  for (const [tree, n] of Object.entries(trees))
    for (let i = 0; i < n; i++) classes.push(`L${tree}/C${word(2)}${i};`);
  while (classes.length < 62_000)
    classes.push(`Lorg/example/big/p${classes.length % 97}/C${classes.length};`);
  return buildWithApktool(out, classes, 10, 96 * 1024 * 1024);
}

/** A small APK of the given classes, one DEX, no assets. */
export function buildRealSmall(out, classes) {
  return buildWithApktool(out, classes, 1, 0);
}

function buildWithApktool(out, classes, dexCount, noiseBytes) {
  const dir = mkdtempSync(join(tmpdir(), 'sousveil-bench-apk-'));
  const perDex = Math.ceil(classes.length / dexCount);
  classes.forEach((cls, i) => {
    const d = Math.floor(i / perDex);
    const folder = join(
      dir,
      d === 0 ? 'smali' : `smali_classes${d + 1}`,
      cls.slice(1, cls.lastIndexOf('/')),
    );
    if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${cls.slice(cls.lastIndexOf('/') + 1, -1)}.smali`), smali(cls, i));
  });
  writeFileSync(
    join(dir, 'AndroidManifest.xml'),
    `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="org.example.big" android:versionCode="1" android:versionName="1.0">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="30"/>
  <application/>
</manifest>
`,
  );
  writeFileSync(
    join(dir, 'apktool.yml'),
    "version: 2.7.0\napkFileName: big.apk\nisFrameworkApk: false\nusesFramework:\n  ids:\n  - 1\nsdkInfo:\n  minSdkVersion: '21'\n  targetSdkVersion: '30'\nversionInfo:\n  versionCode: '1'\n  versionName: '1.0'\ndoNotCompress:\n- bin\n",
  );
  if (noiseBytes > 0) {
    mkdirSync(join(dir, 'assets'));
    const noise = new Uint8Array(noiseBytes);
    const view = new DataView(noise.buffer);
    for (let i = 0; i < noise.length; i += 4)
      view.setUint32(i, (seed = (seed * 1103515245 + 12345) >>> 0));
    writeFileSync(join(dir, 'assets', 'level-data.bin'), noise);
  }
  const unsigned = join(dir, 'unsigned.apk');
  execFileSync('apktool', ['b', dir, '-o', unsigned], { stdio: 'ignore' });
  const ks = join(dir, 'k.jks');
  execFileSync(
    'keytool',
    [
      '-genkeypair',
      '-keystore',
      ks,
      '-storepass',
      'benchpass',
      '-keypass',
      'benchpass',
      '-alias',
      'b',
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-validity',
      '365',
      '-dname',
      'CN=Bench',
    ],
    { stdio: 'ignore' },
  );
  const aligned = join(dir, 'aligned.apk');
  execFileSync('zipalign', ['-f', '4', unsigned, aligned]);
  execFileSync('apksigner', [
    'sign',
    '--ks',
    ks,
    '--ks-pass',
    'pass:benchpass',
    '--out',
    out,
    aligned,
  ]);
  return out;
}

if (process.argv[2] !== undefined) console.log(buildRealLarge(process.argv[2]));
