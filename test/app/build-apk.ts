// Builds real, signed APKs with Debian's Android tools: smali sources and a text manifest
// assembled by apktool (smali + aapt), aligned by zipalign, signed by apksigner with a key keytool
// made. Needs the packages .ci/run installs for `npm run test:system`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildElf } from '../../src/appaudit/test-builders.js';

export interface RealApkSpec {
  readonly package: string;
  readonly versionName?: string;
  readonly versionCode?: number;
  /** Class descriptors (`Lcom/x/Y;`), each assembled from a smali source. */
  readonly classes?: readonly string[];
  /** Strings kept in the first class's static fields (hosts, URLs). */
  readonly strings?: readonly string[];
  readonly permissions?: readonly string[];
  readonly components?: readonly { kind: string; name: string }[];
  readonly metaData?: readonly { name: string; value: string }[];
  /** `lib/<abi>/<name>.so` paths, each a small ELF shared object. */
  readonly libs?: readonly string[];
  readonly assets?: readonly string[];
}

const work = mkdtempSync(join(tmpdir(), 'sousveil-apk-'));
const keystore = join(work, 'test.jks');
const run = (cmd: string, args: string[]): void => {
  execFileSync(cmd, args, { stdio: 'pipe', cwd: work });
};

const xml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
const smaliString = (s: string): string => s.replaceAll('\\', '\\\\').replaceAll('"', '\\"');

function ensureKey(): void {
  if (existsSync(keystore)) return;
  run('keytool', [
    '-genkeypair',
    '-keystore',
    keystore,
    '-storepass',
    'sousveil',
    '-keypass',
    'sousveil',
    '-alias',
    'test',
    '-keyalg',
    'RSA',
    '-keysize',
    '2048',
    '-validity',
    '365',
    '-dname',
    'CN=Sousveil Test, O=Example, C=DE',
  ]);
}

function manifest(spec: RealApkSpec): string {
  const perms = (spec.permissions ?? []).map(
    (p) => `  <uses-permission android:name="${xml(p)}"/>`,
  );
  const comps = (spec.components ?? []).map(
    (c) => `    <${c.kind} android:name="${xml(c.name)}"/>`,
  );
  const metas = (spec.metaData ?? []).map(
    (m) => `    <meta-data android:name="${xml(m.name)}" android:value="${xml(m.value)}"/>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="${spec.package}" android:versionCode="${spec.versionCode ?? 1}" android:versionName="${xml(spec.versionName ?? '1.0')}">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="30"/>
${perms.join('\n')}
  <application>
${[...comps, ...metas].join('\n')}
  </application>
</manifest>
`;
}

function smali(descriptor: string, strings: readonly string[]): string {
  const fields = strings.map(
    (s, i) => `.field public static final S${i}:Ljava/lang/String; = "${smaliString(s)}"`,
  );
  return `.class public ${descriptor}\n.super Ljava/lang/Object;\n\n${fields.join('\n')}\n`;
}

let count = 0;

/** Builds and signs an APK; returns its path. */
export function buildRealApk(spec: RealApkSpec): string {
  ensureKey();
  const dir = join(work, `app${++count}`);
  mkdirSync(join(dir, 'smali'), { recursive: true });
  writeFileSync(join(dir, 'AndroidManifest.xml'), manifest(spec));
  writeFileSync(
    join(dir, 'apktool.yml'),
    `version: 2.7.0\napkFileName: app.apk\nisFrameworkApk: false\nusesFramework:\n  ids:\n  - 1\nsdkInfo:\n  minSdkVersion: '21'\n  targetSdkVersion: '30'\nversionInfo:\n  versionCode: '${spec.versionCode ?? 1}'\n  versionName: '${spec.versionName ?? '1.0'}'\ndoNotCompress: []\n`,
  );
  const classes = spec.classes ?? [`L${spec.package.replaceAll('.', '/')}/MainActivity;`];
  classes.forEach((descriptor, i) => {
    const path = join(dir, 'smali', `${descriptor.slice(1, -1)}.smali`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, smali(descriptor, i === 0 ? (spec.strings ?? []) : []));
  });
  for (const lib of spec.libs ?? []) {
    const path = join(dir, lib);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      buildElf({ soname: lib.slice(lib.lastIndexOf('/') + 1), symbols: ['JNI_OnLoad'] }),
    );
  }
  for (const asset of spec.assets ?? []) {
    const path = join(dir, asset);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `asset ${asset}\n`);
  }
  const unsigned = join(work, `app${count}-unsigned.apk`);
  const aligned = join(work, `app${count}-aligned.apk`);
  const signed = join(work, `app${count}.apk`);
  run('apktool', ['b', dir, '-o', unsigned]);
  run('zipalign', ['-f', '4', unsigned, aligned]);
  run('apksigner', [
    'sign',
    '--ks',
    keystore,
    '--ks-pass',
    'pass:sousveil',
    '--out',
    signed,
    aligned,
  ]);
  return signed;
}

/** A scratch folder of this run, for archives the tests write by other means. */
export const scratch = work;
