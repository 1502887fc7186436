import { gunzipSync, gzipSync, deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import { loadKb, type Kb } from '../kb/index.js';
import { ArchiveRefusedError } from '../appaudit/index.js';
import { buildFirmwareReport, type FirmwareReport } from './report.js';
import { buildDahuaZip, buildHikvision, buildTar, buildUImage, text } from './test-builders.js';
import { unpackFirmware, type UnpackTools } from './unpack.js';

const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));
const gz = (d: Uint8Array): Uint8Array => new Uint8Array(gzipSync(d));

/** In-memory tools: gzip through zlib; no xz, no file-system tools (said as notes). */
const tools: UnpackTools = {
  inflateRaw: zlibInflate,
  gunzip: (b, max) => {
    try {
      return new Uint8Array(gunzipSync(b, { maxOutputLength: max }));
    } catch {
      throw new ArchiveRefusedError(
        'gzip',
        `decompression bomb refused: inflates past ${max} bytes`,
      );
    }
  },
  unxz: () => Promise.reject(new Error('no xz in unit tests')),
  extractFs: async (_b, format, path) => ({
    files: [],
    entries: 0,
    notes: [`${path}: ${format} not unpacked in unit tests`],
  }),
  now: () => 0,
};

let kb: Kb;
beforeAll(async () => {
  kb = (await loadKb()).kb;
});

async function scan(
  bytes: Uint8Array,
  file: string,
  limits?: Parameters<typeof unpackFirmware>[3],
): Promise<FirmwareReport> {
  const inv = await unpackFirmware(bytes, file, tools, limits);
  return buildFirmwareReport(inv, {
    file,
    sha256: 'ab'.repeat(32),
    sizeBytes: bytes.length,
    scannedAt: '2026-11-30T12:00:00.000Z',
    kb,
  });
}

const rootfs = buildTar([
  { name: 'etc/passwd', data: text('root:ToCOv8qxP13qs:0:0:root:/root:/bin/psh\n') },
  { name: 'etc/init.d/rcS', data: text('#!/bin/sh\n/bin/telnetd -l /bin/sh &\n') },
  { name: 'bin/busybox', data: text('\0\0BusyBox v1.19.3 (2013-01-21 10:37:22 CST)\0') },
  {
    name: 'home/app',
    data: text('\0https://dev.hik-connect.com/api\0OpenSSL 1.0.2k  26 Jan 2017\0'),
  },
]);

describe('firmware report', () => {
  it('Hikvision SWKH: identity, the KEV advisory, indicators, components', async () => {
    const pkg = buildHikvision({
      files: [
        { name: '_cfgUpgClass', data: text('\x01\x00DS-2CD2143G0-I\0DS-2CD2043G0-I\0') },
        { name: 'uImage', data: buildUImage('Linux-3.10.0', text('zImage'), { type: 2 }) },
        { name: 'app.tar.gz', data: gz(rootfs) },
      ],
      version: 0x05050000 + 160,
      buildDate: 210416,
    });
    const r = await scan(pkg, 'digicap.dav');
    expect(r.container).toBe('SWKH');
    expect(r.identity).toMatchObject({
      maker: { id: 'hikvision', name: 'Hikvision' },
      brand: undefined,
      productLine: 'IPC',
      deviceType: 'camera',
      models: ['DS-2CD2043G0-I', 'DS-2CD2143G0-I'],
      version: 'V5.5.160 build 210416',
      buildDate: '2021-04-16',
      language: 'English/multi-language',
    });
    expect(r.identity.restrictions.length).toBeGreaterThan(0);
    const cve = r.advisories.find((a) => a.cve === 'CVE-2021-36260');
    expect(cve).toMatchObject({ status: 'affected', kev: { added: '2022-01-10' } });
    expect(r.indicators.map((i) => i.id).sort()).toEqual([
      'cloud-hik-connect',
      'hikvision-hiklinux-root-hash',
      'root-password-hash-in-image',
      'telnetd-at-boot',
    ]);
    expect(r.indicators.find((i) => i.id === 'telnetd-at-boot')?.hits[0]?.path).toBe(
      'digicap.dav!/app.tar.gz!/etc/init.d/rcS',
    );
    expect(r.components.map((c) => `${c.id} ${c.version}`)).toEqual([
      'busybox 1.19.3',
      'linux-kernel 3.10.0',
      'openssl 1.0.2k',
    ]);
  });

  it('a newer Hikvision build is not affected', async () => {
    const pkg = buildHikvision({
      files: [{ name: 'a', data: text('x') }],
      version: 0x05050000 + 800,
      buildDate: 210628,
    });
    const r = await scan(pkg, 'digicap.dav');
    expect(r.advisories.filter((a) => a.status === 'affected')).toEqual([]);
  });

  it('Dahua DH-ZIP of a CP PLUS build: Dahua-made, CP PLUS brand, hwid models, dated advisory', async () => {
    const install = {
      Commands: ['burn romfs-x.squashfs.img rootfs'],
      Devices: [['IPC-HX3XXX', '1.00']],
      Vendor: 'CPPLUS',
    };
    const image = buildDahuaZip(
      [
        { name: 'Install', data: text(JSON.stringify(install)) },
        { name: 'hwid', data: text('["IPC-HFW3441T-ZAS:01:02", "IPC-HDW3441T-ZAS:01:02"]') },
        { name: 'romfs-x.squashfs.img', data: buildUImage('romfs', text('hsqs....')) },
      ],
      deflate,
    );
    const r = await scan(image, 'CPPLUS_IPC-HX3XXX-Eos_Eng_P_V2.800.0000000.16.R.210301.bin');
    expect(r.identity).toMatchObject({
      maker: { id: 'dahua' },
      brand: { id: 'cp-plus', name: 'CP PLUS' },
      families: ['IPC-HX3XXX'],
      models: ['IPC-HDW3441T-ZAS', 'IPC-HFW3441T-ZAS'],
      platform: 'Eos',
      version: 'V2.800.0000000.16.R.210301',
      buildDate: '2021-03-01',
      deviceType: 'camera',
      language: 'English',
    });
    expect(r.identity.relations[0]).toMatch(/^CP PLUS -> Dahua Technology: oem \(medium\)/);
    expect(r.advisories.find((a) => a.cve === 'CVE-2021-33044')).toMatchObject({
      status: 'affected',
      kev: { added: '2024-08-21' },
    });
    expect(r.notes.some((n) => n.includes('squashfs not unpacked'))).toBe(true);
  });

  it('03KH is reported as encrypted, with the maker and nothing guessed', async () => {
    const r = await scan(buildHikvision({ files: [], magic: '03KH' }), 'digicap.dav');
    expect(r).toMatchObject({
      container: '03KH',
      encrypted: true,
      identity: { maker: { id: 'hikvision' }, models: [] },
    });
    expect(r.notes[0]).toMatch(/encrypted \(AES\)/);
  });

  it('hostile: a gzip bomb inside is refused as a note, deep nesting stops, the rest is reported', async () => {
    const bomb = gz(new Uint8Array(50 * 1024 ** 2));
    let nested = text('BusyBox v1.2.3 deep');
    for (let i = 0; i < 12; i++) nested = gz(nested);
    const pkg = buildHikvision({
      files: [
        { name: 'bomb.gz', data: bomb },
        { name: 'deep.gz', data: nested },
      ],
    });
    const r = await scan(pkg, 'digicap.dav', {
      maxDepth: 6,
      maxTotalBytes: 10 * 1024 ** 2,
      maxEntries: 100,
      maxFileBytes: 1024 ** 2,
      timeoutMs: 1000,
    });
    expect(r.notes.some((n) => /refused: .*decompression bomb refused/.test(n))).toBe(true);
    expect(
      r.notes.some((n) => /deep nesting refused: digicap.dav!\/deep.gz is gzip at depth 7/.test(n)),
    ).toBe(true);
    expect(r.identity.maker?.id).toBe('hikvision');
  });

  it('hostile: traversal in the outer table stops the scan with one clear error', async () => {
    const pkg = buildHikvision({ files: [{ name: '..', data: text('x') }] });
    await expect(scan(pkg, 'digicap.dav')).rejects.toThrow('path traversal refused');
  });
});

describe('strings and entropy', () => {
  it('keeps text whole, binaries to their strings, and skips random data', async () => {
    const { printableText, looksRandom } = await import('./analyze.js');
    expect(printableText(text('root:x:0:0\n/bin/telnetd &\n'))).toBe(
      'root:x:0:0\n/bin/telnetd &\n',
    );
    expect(printableText(text('\0\0BusyBox v1.2.3\0ab\0OpenSSL 1.0.2k  26 Jan 2017\0'))).toBe(
      'BusyBox v1.2.3\nOpenSSL 1.0.2k  26 Jan 2017',
    );
    let x = 1;
    const noise = new Uint8Array(512 * 1024).map(() => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x >>> 24;
    });
    expect(looksRandom(noise)).toBe(true);
    const binary = new Uint8Array(512 * 1024).map((_, i) => (i % 7 === 0 ? 0 : 0x41 + (i % 20)));
    expect(looksRandom(binary)).toBe(false);
    expect(looksRandom(noise.subarray(0, 1000))).toBe(false);
  });
});
