import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildApk,
  buildCertificate,
  buildDex,
  buildElf,
  buildProtoXml,
  buildZip,
  manifestSpec,
  type ApkSpec,
} from '../appaudit/test-builders.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));
const dir = mkdtempSync(join(tmpdir(), 'sousveil-app-'));
const db = join(dir, 'apps.db');

function apkFile(name: string, spec: ApkSpec): string {
  const path = join(dir, name);
  writeFileSync(path, buildApk(spec, deflate));
  return path;
}

const tracked: ApkSpec = {
  package: 'org.example.reader',
  versionName: '2.0',
  versionCode: 20,
  permissions: [
    'android.permission.INTERNET',
    'android.permission.READ_PHONE_STATE',
    'android.permission.CAMERA',
  ],
  components: [{ kind: 'receiver', name: 'cn.jpush.android.service.PushReceiver' }],
  metaData: [{ name: 'JPUSH_APPKEY', value: 'abc' }],
  dex: [
    ['Lorg/example/reader/Main;', 'Lcom/umeng/analytics/MobclickAgent;', 'Lcom/umengx/NotUmeng;'],
    ['Lcom/bytedance/sdk/openadsdk/TTAdSdk;', 'Lcom/bytedance/applog/AppLog;'],
  ],
  strings: ['https://bugly.qq.com/upload', 'plain text'],
  libs: ['lib/arm64-v8a/libjcore310.so', 'lib/armeabi-v7a/libjcore310.so'],
  certificate: buildCertificate([
    ['CN', 'Example Reader'],
    ['C', 'DE'],
  ]),
};

describe('sousveil app scan', () => {
  it('names each SDK with maker, country and evidence, and exits 3 on a PRC maker', async () => {
    const file = apkFile('reader-2.0.apk', tracked);
    const io = captureIo();
    expect(await run(['app', 'scan', file, '--db', db, '--json'], io)).toBe(3);
    const { reports } = JSON.parse(io.out()) as {
      reports: Array<
        Record<string, unknown> & {
          sdks: Array<{
            id: string;
            country: string;
            evidence: Array<{ kind: string; pattern: string; count: number }>;
          }>;
        }
      >;
    };
    const r = reports[0]!;
    expect(r).toMatchObject({
      package: 'org.example.reader',
      versionName: '2.0',
      format: 'apk',
      classCount: 5,
    });
    expect(r.sdks.map((s) => s.id)).toEqual([
      'bytedance-libraries',
      'jpush',
      'pangle',
      'tencent-bugly',
      'umeng-analytics',
    ]);
    const umeng = r.sdks.find((s) => s.id === 'umeng-analytics')!;
    expect(umeng.evidence).toEqual([
      {
        kind: 'package',
        pattern: 'com.umeng.analytics',
        count: 1,
        samples: ['com.umeng.analytics.MobclickAgent'],
      },
    ]);
    const jpush = r.sdks.find((s) => s.id === 'jpush')!;
    expect(jpush.country).toBe('CN');
    expect(jpush.evidence.map((e) => `${e.kind} ${e.pattern}`).sort()).toEqual([
      'component cn.jpush.android.service.PushReceiver',
      'meta-data JPUSH_APPKEY',
      'native-lib libjcore*',
    ]);
    // The most specific rule wins: TTAdSdk counts for Pangle, AppLog for the ByteDance umbrella.
    expect(r.sdks.find((s) => s.id === 'pangle')!.evidence[0]).toMatchObject({ count: 1 });
    expect(r.signer).toMatchObject({ subject: 'C=DE, CN=Example Reader', scheme: 'v2' });
    expect(r.permissions).toEqual({
      surveillance: ['android.permission.READ_PHONE_STATE'],
      dangerous: ['android.permission.CAMERA'],
      other: ['android.permission.INTERNET'],
    });
    expect(r.vendorHosts).toEqual([{ host: 'bugly.qq.com', sdk: 'tencent-bugly' }]);
  });

  it('reports no SDK for a clean app, exit 0, and prints a table', async () => {
    const file = apkFile('clean.apk', { package: 'org.example.clean' });
    const io = captureIo();
    expect(await run(['app', 'scan', file, '--no-save'], io)).toBe(0);
    expect(io.out()).toContain('org.example.clean 1.0 (1)');
    expect(io.out()).toContain('no known SDK found');
  });

  it('says when an app is packed', async () => {
    const file = apkFile('packed.apk', {
      package: 'org.example.packed',
      libs: ['lib/arm64-v8a/libjiagu.so'],
      assets: ['assets/ijiami.dat'],
    });
    const io = captureIo();
    expect(await run(['app', 'scan', file, '--no-save', '--fail-on', 'never'], io)).toBe(0);
    expect(io.out()).toContain('packer: Qihoo 360 Jiagu packer');
    expect(io.out()).toContain('the SDK list is incomplete');
  });

  it('reads split APKs inside an XAPK bundle as one app', async () => {
    const base = buildApk(
      { package: 'org.example.split', dex: [['Lorg/example/split/Main;']] },
      deflate,
    );
    const split = buildApk(
      { package: 'org.example.split', dex: [['Lcom/igexin/sdk/PushManager;']] },
      deflate,
    );
    const path = join(dir, 'bundle.xapk');
    writeFileSync(
      path,
      buildZip(
        [
          { name: 'org.example.split.apk', data: base, stored: true },
          { name: 'config.arm64_v8a.apk', data: split, stored: true },
        ],
        deflate,
      ),
    );
    const io = captureIo();
    expect(await run(['app', 'scan', path, '--no-save', '--json'], io)).toBe(3);
    const { reports } = JSON.parse(io.out()) as {
      reports: Array<{ format: string; package: string; sdks: Array<{ id: string }> }>;
    };
    expect(reports[0]).toMatchObject({ format: 'bundle', package: 'org.example.split' });
    expect(reports[0]!.sdks.map((s) => s.id)).toEqual(['getui']);
  });

  it('reads split APKs given as separate files as one app with --splits', async () => {
    const base = apkFile('split-base.apk', {
      package: 'org.example.parts',
      components: [{ kind: 'activity', name: '.Main' }],
    });
    const config = apkFile('split-config.apk', {
      package: 'org.example.parts',
      libs: ['lib/arm64-v8a/libmsaoaidsec.so'],
    });
    const io = captureIo();
    expect(await run(['app', 'scan', base, config, '--splits', '--no-save', '--json'], io)).toBe(3);
    const { reports } = JSON.parse(io.out()) as {
      reports: Array<{
        file: string;
        format: string;
        package: string;
        sdks: Array<{ id: string }>;
      }>;
    };
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      file: 'split-base.apk + split-config.apk',
      format: 'bundle',
      package: 'org.example.parts',
    });
    expect(reports[0]!.sdks.map((s) => s.id)).toEqual(['msa-oaid']);
  });

  it('adds the trackers of an Exodus list with --exodus, naming signatures it leaves out', async () => {
    const list = join(dir, 'trackers.json');
    writeFileSync(
      list,
      JSON.stringify({
        trackers: {
          '900': {
            id: 900,
            name: 'Example Tracker',
            code_signature: 'io.tracker.sdk.|.substring.',
            network_signature: '',
            categories: ['Profiling'],
          },
        },
      }),
    );
    const file = apkFile('tracked-exodus.apk', {
      package: 'org.example.ex',
      dex: [['Lio/tracker/sdk/Core;']],
    });
    const io = captureIo();
    expect(
      await run(
        ['app', 'scan', file, '--exodus', list, '--no-save', '--json', '--fail-on', 'any'],
        io,
      ),
    ).toBe(3);
    const { reports } = JSON.parse(io.out()) as {
      reports: Array<{ sdks: Array<{ id: string; jurisdiction: string }> }>;
    };
    expect(reports[0]!.sdks).toMatchObject([{ id: 'exodus-900', jurisdiction: 'unknown' }]);
    expect(io.err()).toContain(
      'Example Tracker: code signature ".substring." is not a package prefix; left out',
    );
  });

  it('reads an Android App Bundle (protobuf manifest, base/dex, base/lib)', async () => {
    const path = join(dir, 'app.aab');
    const manifest = buildProtoXml(
      manifestSpec({ package: 'org.example.aab', versionName: '3.1' }),
    );
    writeFileSync(
      path,
      buildZip(
        [
          { name: 'base/manifest/AndroidManifest.xml', data: manifest },
          {
            name: 'base/dex/classes.dex',
            data: buildDex({ classes: ['Lcom/bun/miitmdid/core/MdidSdkHelper;'] }),
          },
          {
            name: 'base/lib/arm64-v8a/libmsaoaidsec.so',
            data: buildElf({ soname: 'libmsaoaidsec.so' }),
          },
        ],
        deflate,
      ),
    );
    const io = captureIo();
    expect(await run(['app', 'scan', path, '--no-save', '--json'], io)).toBe(3);
    const { reports } = JSON.parse(io.out()) as {
      reports: Array<{
        format: string;
        package: string;
        sdks: Array<{ id: string; evidence: unknown[] }>;
      }>;
    };
    expect(reports[0]).toMatchObject({ format: 'aab', package: 'org.example.aab' });
    expect(reports[0]!.sdks.map((s) => [s.id, s.evidence.length])).toEqual([['msa-oaid', 2]]);
  });

  it('refuses a zip bomb and a traversal entry with one clear line, exit 1', async () => {
    const bomb = join(dir, 'bomb.apk');
    writeFileSync(
      bomb,
      buildZip(
        [{ name: 'classes.dex', data: new Uint8Array(1 << 20), declaredSize: 4_000_000_000 }],
        deflate,
      ),
    );
    let io = captureIo();
    expect(await run(['app', 'scan', bomb, '--no-save'], io)).toBe(1);
    expect(io.err()).toMatch(
      /^sousveil: bomb.apk: zip bomb refused: entries declare 4000000000 bytes/,
    );
    const evil = join(dir, 'evil.apk');
    writeFileSync(
      evil,
      buildZip([{ name: '../../etc/cron.d/x', data: new Uint8Array(3) }], deflate),
    );
    io = captureIo();
    expect(await run(['app', 'scan', evil, '--no-save'], io)).toBe(1);
    expect(io.err()).toContain('path traversal refused: entry name "../../etc/cron.d/x"');
  });

  it('keeps what it can read from an app with a truncated DEX', async () => {
    const good = buildApk({ ...tracked, dex: [tracked.dex![0]!] }, deflate);
    // Rebuild with a truncated second DEX.
    const file = join(dir, 'truncated.apk');
    const dex = buildDex({ classes: ['Lcom/tencent/bugly/CrashReport;'] });
    writeFileSync(
      file,
      buildZip(
        [
          { name: 'AndroidManifest.xml', data: extract(good) },
          { name: 'classes.dex', data: dex.subarray(0, dex.length - 8) },
        ],
        deflate,
      ),
    );
    const io = captureIo();
    expect(await run(['app', 'scan', file, '--no-save', '--json', '--fail-on', 'never'], io)).toBe(
      0,
    );
    const { reports } = JSON.parse(io.out()) as {
      reports: Array<{ package: string; notes: string[] }>;
    };
    expect(reports[0]!.package).toBe('org.example.reader');
    expect(reports[0]!.notes.join('\n')).toMatch(
      /classes\.dex:0x20: truncated: the header says \d+ bytes/,
    );
  });

  it('lists saved audits and diffs two versions', async () => {
    apkFile('reader-1.0.apk', {
      package: 'org.example.reader',
      versionName: '1.0',
      dex: [['Lcom/umeng/analytics/MobclickAgent;']],
    });
    let io = captureIo();
    await run(['app', 'scan', join(dir, 'reader-1.0.apk'), '--db', db, '--json'], io);
    io = captureIo();
    expect(
      await run(['app', 'history', '--db', db, '--package', 'org.example.reader', '--json'], io),
    ).toBe(0);
    const { scans } = JSON.parse(io.out()) as { scans: Array<{ id: number; versionName: string }> };
    expect(scans.map((s) => s.versionName)).toEqual(['1.0', '2.0']);
    io = captureIo();
    expect(await run(['app', 'history', '--db', db, '--sdk', 'jpush', '--json'], io)).toBe(0);
    expect((JSON.parse(io.out()) as { scans: unknown[] }).scans).toHaveLength(1);
    io = captureIo();
    expect(
      await run(['app', 'diff', String(scans[0]!.id), String(scans[1]!.id), '--db', db], io),
    ).toBe(0);
    expect(io.out()).toContain('SDKs added: bytedance-libraries, jpush, pangle, tencent-bugly');
    expect(io.out()).toContain('signing certificate changed');
  });

  it('writes a self-contained HTML report', async () => {
    const io = captureIo();
    await run(['app', 'scan', join(dir, 'reader-2.0.apk'), '--no-save', '--html'], io);
    expect(io.out()).toMatch(/^<!doctype html>/);
    expect(io.out()).toContain("default-src 'none'");
    expect(io.out()).not.toMatch(/<script|src="http/);
    expect(io.out()).toContain('JPush (JiGuang)');
  });
});

/** The manifest bytes of an APK built by buildApk (first entry, deflated). */
function extract(apk: Uint8Array): Uint8Array {
  const nameLength = apk[26]! | (apk[27]! << 8);
  const size = apk[18]! | (apk[19]! << 8) | (apk[20]! << 16);
  const start = 30 + nameLength;
  return new Uint8Array(inflateRawSync(apk.subarray(start, start + size)));
}
