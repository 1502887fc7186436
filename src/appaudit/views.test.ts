import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKb, SdkRuleIndex, type Kb } from '../kb/index.js';
import { readApp } from './inventory.js';
import { buildAppReport, presenceNote, type AppReport } from './report.js';
import { buildApk, buildCertificate } from './test-builders.js';
import { appReportView, appScanItem } from './views.js';
import { zlibInflate } from './zlib-inflate.js';

const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));
let kb: Kb;
let report: AppReport;

beforeAll(async () => {
  kb = (await loadKb()).kb;
  const bytes = buildApk(
    {
      package: 'org.example.reader',
      versionName: '2.0',
      versionCode: 20,
      permissions: [
        'android.permission.INTERNET',
        'android.permission.READ_PHONE_STATE',
        'android.permission.CAMERA',
      ],
      metaData: [{ name: 'UMENG_APPKEY', value: 'abc' }],
      dex: [['Lorg/example/reader/Main;', 'Lcom/umeng/analytics/MobclickAgent;']],
      strings: ['https://api.umeng.com/collect'],
      libs: ['lib/arm64-v8a/libumeng-spy.so', 'lib/armeabi-v7a/libumeng-spy.so'],
      certificate: buildCertificate([['CN', 'Reader Dev']]),
    },
    deflate,
  );
  const app = readApp(bytes, 'reader.apk', zlibInflate);
  report = buildAppReport(app, {
    file: 'reader.apk',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
    scannedAt: '2026-11-30T10:00:00.000Z',
    certificateSha256: 'cd'.repeat(32),
    kb,
    index: new SdkRuleIndex(kb.sdks),
  });
});

describe('app report view', () => {
  it('gives each SDK its maker, country in words, categories and evidence with its kind in words', () => {
    const view = appReportView(kb, 3, report);
    expect(view).toMatchObject({
      id: 3,
      package: 'org.example.reader',
      versionName: '2.0',
      versionCode: 20,
      presenceNote,
      dexCount: 1,
    });
    const common = view.sdks.find((s) => s.id === 'umeng-common');
    expect(common).toMatchObject({
      maker: 'Umeng (Alibaba Group)',
      country: { id: 'CN', name: 'China' },
      jurisdiction: 'prc',
      categories: ['analytics'],
    });
    expect(common?.evidence).toContainEqual({
      kind: 'meta-data',
      kindLabel: 'manifest meta-data key',
      pattern: 'UMENG_APPKEY',
      count: 1,
      samples: ['UMENG_APPKEY'],
    });
    expect(common?.evidence.map((e) => e.kind).sort()).toEqual([
      'domain',
      'meta-data',
      'native-lib',
    ]);
    expect(view.sdks.find((s) => s.id === 'umeng-analytics')?.evidence[0]).toMatchObject({
      kind: 'package',
      kindLabel: 'classes in a package',
      count: 1,
    });
  });

  it('cites every SDK record in its numbered sources, names the SDK of each vendor-cloud host', () => {
    const view = appReportView(kb, 3, report);
    const numbers = new Set(view.sources.map((s) => s.n));
    for (const s of view.sdks) {
      expect(s.cites.length).toBeGreaterThan(0);
      for (const n of s.cites) expect(numbers.has(n)).toBe(true);
    }
    expect(view.vendorHosts).toEqual([
      { host: 'api.umeng.com', sdk: { id: 'umeng-common', name: 'Umeng common SDK' } },
    ]);
    expect(view.permissions.surveillance).toEqual(['android.permission.READ_PHONE_STATE']);
    expect(view.permissions.dangerous).toEqual(['android.permission.CAMERA']);
    expect(view.nativeLibs).toEqual([
      { name: 'libumeng-spy.so', abis: ['arm64-v8a', 'armeabi-v7a'], soname: 'libumeng-spy.so' },
    ]);
    expect(view.signer?.subject).toContain('Reader Dev');
  });

  it('names the jurisdiction of a restriction in words, not by its code', () => {
    const pangle = {
      ...report,
      sdks: [
        {
          ...report.sdks[0]!,
          id: 'pangle',
          restrictions: ['US-TX Texas ban', 'US NDAA §889', 'odd line'],
        },
      ],
    };
    expect(appReportView(kb, 1, pangle).sdks[0]?.restrictions).toEqual([
      'Texas (United States): Texas ban',
      'United States: NDAA §889',
      'odd line',
    ]);
  });

  it('a saved summary becomes a list item without absent fields', () => {
    const item = appScanItem({
      id: 1,
      scannedAt: 'x',
      file: 'a.apk',
      sha256: 'ff',
      sdkCount: 0,
      prcSdkCount: 0,
    });
    expect(item).toEqual({
      id: 1,
      scannedAt: 'x',
      file: 'a.apk',
      sha256: 'ff',
      sdkCount: 0,
      prcSdkCount: 0,
    });
  });
});
