import { execFileSync } from 'node:child_process';
import { gzipSync, deflateRawSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/test-io.js';
import { cycloneDx15 } from '../../src/firmware/cyclonedx-schema.js';
import { scanFirmwareBytes } from '../../src/firmware/fs-firmware-scan.js';
import type { FirmwareReport } from '../../src/firmware/index.js';
import {
  buildDahuaZip,
  buildHikvision,
  buildTar,
  buildUImage,
  text,
} from '../../src/firmware/test-builders.js';
import { loadKb } from '../../src/kb/index.js';
import { cameraRoot, cramfs, rootfs, scratch, squashfs } from './build-images.js';

// Images in the real formats: SquashFS by Debian's mksquashfs (squashfs-tools), CramFS by
// mkfs.cramfs (util-linux), unpacked by unsquashfs and fsck.cramfs. Needs squashfs-tools (.ci/run).

const dir = scratch('system');
const db = join(dir, 'fw.db');
const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));

async function scan(
  path: string,
  ...flags: string[]
): Promise<{ code: number; reports: FirmwareReport[]; err: string }> {
  const io = captureIo();
  const code = await run(['firmware', 'scan', path, '--db', db, '--json', ...flags], io);
  const out = io.out();
  return {
    code,
    reports: out === '' ? [] : (JSON.parse(out) as { reports: FirmwareReport[] }).reports,
    err: io.err(),
  };
}

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const ids = (r: FirmwareReport | undefined, key: 'indicators' | 'components'): string[] =>
  (r?.[key] ?? []).map((x: { id: string }) => x.id).sort();

function hikvisionImage(
  version: number,
  buildDate: number,
  extra: Record<string, string> = {},
): Uint8Array {
  const app = squashfs(
    rootfs(scratch('hik-root'), cameraRoot(extra)),
    join(scratch('hik-sq'), 'app.img'),
  );
  return buildHikvision({
    files: [
      { name: '_cfgUpgSecPls', data: new Uint8Array(500).fill(0x5a) },
      {
        name: '_cfgUpgClass',
        data: text('\u0001\u0000\u0000\u0000DS-2CD2143G0-I\0DS-2CD2043G0-I\0DS-2CD2343G0-I\0'),
      },
      { name: 'uImage', data: buildUImage('Linux-3.10.0', text('compressed kernel'), { type: 2 }) },
      { name: 'app.img', data: app },
    ],
    version,
    buildDate,
  });
}

describe('firmware scan on real-format images', () => {
  it('Hikvision SWKH: XOR header, _cfgUpgClass models, SquashFS unpacked, KEV advisory, indicators, SBOM', async () => {
    const path = write('digicap.dav', hikvisionImage(0x05050000 + 160, 210416));
    const sbom = join(dir, 'hik.cdx.json');
    const { code, reports, err } = await scan(path, '--sbom', sbom);
    expect(err).toBe('');
    expect(code).toBe(3);
    const r = reports[0];
    expect(r?.container).toBe('SWKH');
    expect(r?.identity).toMatchObject({
      maker: { id: 'hikvision' },
      productLine: 'IPC',
      deviceType: 'camera',
      models: ['DS-2CD2043G0-I', 'DS-2CD2143G0-I', 'DS-2CD2343G0-I'],
      version: 'V5.5.160 build 210416',
      buildDate: '2021-04-16',
      signed: true,
    });
    expect(r?.advisories.find((a) => a.cve === 'CVE-2021-36260')).toMatchObject({
      status: 'affected',
      kev: { added: '2022-01-10' },
    });
    expect(ids(r, 'indicators')).toEqual([
      'cloud-hik-connect',
      'hikvision-hiklinux-root-hash',
      'private-key-in-image',
      'root-password-hash-in-image',
      'telnetd-at-boot',
    ]);
    expect(r?.indicators.find((i) => i.id === 'telnetd-at-boot')?.hits[0]?.path).toBe(
      'digicap.dav!/app.img!/etc/init.d/rcS',
    );
    expect(r?.components.map((c) => `${c.name} ${c.version}`)).toEqual([
      'BusyBox 1.19.3',
      'Linux kernel 3.10.0',
      'OpenSSL 1.0.2k',
    ]);
    const bom = JSON.parse(readFileSync(sbom, 'utf8')) as unknown;
    const checked = cycloneDx15.safeParse(bom);
    expect(checked.success ? [] : checked.error.issues).toEqual([]);
  });

  it('Dahua DH-ZIP: Install, hwid, uImage-wrapped SquashFS; a dated KEV advisory', async () => {
    const romfs = squashfs(
      rootfs(scratch('dh-root'), {
        'usr/bin/sonia':
          '\u007fELF\0www.easy4ipcloud.com\0lighttpd/1.4.35\0SSH-2.0-dropbear_2014.63\0',
        'lib/libuClibc-0.9.33.2.so': '\u007fELF\0',
        'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
      }),
      join(scratch('dh-sq'), 'romfs.sqsh'),
    );
    const pd = squashfs(
      rootfs(scratch('dh-pd'), {
        'product_3519v101/IPC-HFW3441T-ZAS/ProductDefinition': '{"Vendor":"General"}',
      }),
      join(scratch('dh-pd-sq'), 'pd.sqsh'),
    );
    const install = {
      Commands: ['burn romfs-x.squashfs.img rootfs', 'burn pd-x.squashfs.img pd'],
      Devices: [['IPC-HX3XXX', '1.00']],
      Vendor: 'General',
    };
    const image = buildDahuaZip(
      [
        { name: 'Install', data: text(JSON.stringify(install)) },
        {
          name: 'hwid',
          data: text('["IPC-HFW3441T-ZAS:01:02:02:23", "IPC-HDW3441T-ZAS:01:02:02:23"]'),
        },
        { name: 'romfs-x.squashfs.img', data: buildUImage('romfs', romfs) },
        { name: 'pd-x.squashfs.img', data: buildUImage('pd', pd) },
      ],
      deflate,
    );
    const { code, reports } = await scan(
      write('DH_IPC-HX3XXX-Eos_Eng_P_V2.800.0000000.16.R.210301.bin', image),
    );
    expect(code).toBe(3);
    const r = reports[0];
    expect(r?.identity).toMatchObject({
      maker: { id: 'dahua' },
      families: ['IPC-HX3XXX'],
      models: ['IPC-HDW3441T-ZAS', 'IPC-HFW3441T-ZAS'],
      platform: 'Eos',
      version: 'V2.800.0000000.16.R.210301',
      buildDate: '2021-03-01',
      deviceType: 'camera',
    });
    expect(r?.advisories.find((a) => a.cve === 'CVE-2021-33044')).toMatchObject({
      status: 'affected',
      kev: { added: '2024-08-21' },
    });
    expect(ids(r, 'indicators')).toEqual(['cloud-dahua-p2p']);
    expect(ids(r, 'components')).toEqual(['dropbear', 'lighttpd', 'uclibc']);
  });

  it('OEM builds: an Amcrest camera image and a CP PLUS NVR (Install.lua, CramFS) are Dahua-made', async () => {
    const root = squashfs(
      rootfs(scratch('am-root'), { 'bin/busybox': 'BusyBox v1.20.2 (2019)' }),
      join(scratch('am-sq'), 'r.sqsh'),
    );
    const amcrest = buildDahuaZip(
      [
        {
          name: 'Install',
          data: text(JSON.stringify({ Devices: [['IPC-HX2XXX', '1.00']], Vendor: 'Amcrest' })),
        },
        { name: 'romfs-x.squashfs.img', data: buildUImage('romfs', root) },
      ],
      deflate,
    );
    const a = (await scan(write('Amcrest_IPC-HX2XXX_Eng_N_V2.800.00AC000.0.R.200101.bin', amcrest)))
      .reports[0];
    expect(a?.identity).toMatchObject({
      maker: { id: 'dahua' },
      brand: { id: 'amcrest', name: 'Amcrest' },
    });
    expect(
      a?.identity.relations.some((x) => x.startsWith('Amcrest -> Dahua Technology: oem')),
    ).toBe(true);
    expect(a?.advisories.find((x) => x.cve === 'CVE-2020-5735')).toMatchObject({
      status: 'affected',
    });

    const nvrRoot = cramfs(
      rootfs(scratch('cp-root'), {
        'etc/inittab': '::respawn:/usr/sbin/telnetd -F\n',
        'bin/busybox': 'BusyBox v1.16.1 (2016)',
      }),
      join(scratch('cp-cr'), 'r.cramfs'),
    );
    const lua = 'Vendor = "CPPLUS"\nDevice = "NVR5XXX-4KS2"\nburn("romfs-x.cramfs.img")\n';
    const cpplus = buildDahuaZip(
      [
        { name: 'Install.lua', data: text(lua) },
        { name: 'romfs-x.cramfs.img', data: buildUImage('romfs', nvrRoot) },
      ],
      deflate,
    );
    const c = (
      await scan(
        write(
          'CPPLUS_CP-UNR-2X-V2_Eng_PN_CPPLUS_7Language_DH_V3.200.AT00.0.R.20161128.bin',
          cpplus,
        ),
      )
    ).reports[0];
    expect(c?.identity).toMatchObject({
      maker: { id: 'dahua' },
      brand: { id: 'cp-plus' },
      families: ['NVR5XXX-4KS2', 'CP-UNR-2X-V2'],
      deviceType: 'nvr',
      version: 'V3.200.AT00.0.R.20161128',
      buildDate: '2016-11-28',
    });
    expect(ids(c, 'indicators')).toEqual(['telnetd-at-boot']);
    expect(ids(c, 'components')).toEqual(['busybox']);
  });

  it('a Hikvision NVR package: .tar.lzma and .tar.xz entries unpacked by xz', async () => {
    const tar = (files: Record<string, string>): Uint8Array =>
      buildTar(Object.entries(files).map(([name, data]) => ({ name, data: text(data) })));
    const xz = (format: string, bytes: Uint8Array): Uint8Array =>
      new Uint8Array(execFileSync('xz', [`--format=${format}`, '-c'], { input: bytes }));
    const pkg = buildHikvision({
      files: [
        {
          name: 'hicore.tar.lzma',
          data: xz('lzma', tar({ 'bin/hicore': 'x\0lighttpd/1.4.45\0' })),
        },
        {
          name: 'webs.tar.xz',
          data: xz('xz', tar({ 'etc/ssl/ca.pem': '-----BEGIN CERTIFICATE-----\n' })),
        },
      ],
      deviceClass: 0x2c,
      version: 0x04010000 + 61,
    });
    const { reports } = await scan(write('digicap-nvr.dav', pkg));
    const r = reports[0];
    expect(r?.layers.map((l) => l.format)).toEqual([
      'hikvision',
      'lzma',
      'tar',
      'unknown',
      'xz',
      'tar',
      'unknown',
    ]);
    expect(ids(r, 'components')).toEqual(['lighttpd']);
    expect(ids(r, 'indicators')).toEqual(['certificate-in-image']);
    expect(r?.identity).toMatchObject({ version: 'V4.1.61' });
    expect(r?.identity.evidence).toContain('device class 0x2c (not a published code)');
  });

  it('an encrypted-looking 03KH image is reported as encrypted, not guessed', async () => {
    const body = new Uint8Array(4096);
    for (let i = 0; i < body.length; i++) body[i] = (i * 197 + 13) & 0xff;
    const image = buildHikvision({ files: [], magic: '03KH' });
    const bytes = new Uint8Array(image.length + body.length);
    bytes.set(image);
    bytes.set(body, image.length);
    const { code, reports } = await scan(write('digicap-03kh.dav', bytes));
    expect(code).toBe(0);
    expect(reports[0]).toMatchObject({
      container: '03KH',
      encrypted: true,
      identity: { maker: { id: 'hikvision' }, models: [] },
    });
    // Nothing is known of the build: Hikvision's advisories may apply, none is called affected.
    expect(reports[0]?.advisories.filter((a) => a.status === 'affected')).toEqual([]);
    expect(reports[0]?.notes[0]).toMatch(/header is encrypted \(AES\)/);
  });

  it('firmware history and diff: two Hikvision versions', async () => {
    await scan(
      write(
        'digicap-new.dav',
        hikvisionImage(0x05050000 + 800, 210628, { 'bin/busybox': 'BusyBox v1.31.1 (2021)' }),
      ),
    );
    const io = captureIo();
    expect(
      await run(['firmware', 'history', '--db', db, '--json', '--maker', 'hikvision'], io),
    ).toBe(0);
    const scans = (JSON.parse(io.out()) as { scans: { id: number; version: string }[] }).scans;
    const older = scans.find((s) => s.version === 'V5.5.160 build 210416');
    const newer = scans.find((s) => s.version === 'V5.5.800 build 210628');
    const d = captureIo();
    expect(
      await run(['firmware', 'diff', String(older?.id), String(newer?.id), '--db', db], d),
    ).toBe(0);
    expect(d.out()).toContain('components changed: BusyBox 1.19.3 -> 1.31.1');
    expect(d.out()).toContain('advisories no longer affecting: CVE-2021-36260');
  });
});

describe('hostile images', () => {
  const one = async (name: string, bytes: Uint8Array): Promise<{ code: number; err: string }> => {
    const io = captureIo();
    const code = await run(['firmware', 'scan', write(name, bytes), '--no-save'], io);
    return { code, err: io.err() };
  };
  const files = [
    { name: 'a', data: text('aaaa') },
    { name: 'b', data: text('bbbb') },
  ];

  it.each([
    [
      'a truncated header',
      buildHikvision({ files }).slice(0, 100),
      /package header \(truncated\) runs past the end/,
    ],
    [
      'a table past the end',
      buildHikvision({ files, override: { b: { size: 1 << 30 } } }),
      /file table points past the end: b/,
    ],
    [
      'overlapping entries',
      buildHikvision({ files, override: { b: { offset: 0x40 + 2 * 0x2c } } }),
      /overlapping file table refused: b overlaps a/,
    ],
    [
      'a ../ name',
      buildHikvision({ files: [{ name: '..', data: text('x') }] }),
      /path traversal refused/,
    ],
    [
      'a ../ name in a DH-ZIP',
      buildDahuaZip([{ name: '../../etc/cron.d/x', data: text('x') }], deflate),
      /path traversal refused/,
    ],
  ])('%s: one clear line, exit 1', async (_what, bytes, message) => {
    const { code, err } = await one('hostile.bin', bytes);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')[0]).toMatch(/^sousveil: /);
  });

  it('a SquashFS bomb and deep nesting inside become notes; memory and work stay bounded', async () => {
    const big = scratch('bomb');
    writeFileSync(join(big, 'zeros'), new Uint8Array(64 * 1024 ** 2));
    const bomb = squashfs(big, join(scratch('bomb-sq'), 'bomb.sqsh'));
    expect(bomb.length).toBeLessThan(1024 ** 2);
    let deep = text('BusyBox v1.2.3 deep');
    for (let i = 0; i < 12; i++) deep = new Uint8Array(gzipSync(deep));
    const image = buildHikvision({
      files: [
        { name: 'bomb.img', data: bomb },
        { name: 'deep.gz', data: deep },
        {
          name: 'ok.img',
          data: squashfs(
            rootfs(scratch('ok'), { 'bin/busybox': 'BusyBox v1.22.1 (x)' }),
            join(scratch('ok-sq'), 'ok.sqsh'),
          ),
        },
      ],
    });
    const { kb } = await loadKb();
    const before = process.memoryUsage().rss;
    const r = await scanFirmwareBytes(
      image,
      'hostile.dav',
      kb,
      new Date('2026-11-30T12:00:00Z'),
      undefined,
      {
        maxDepth: 6,
        maxTotalBytes: 16 * 1024 ** 2,
        maxEntries: 1000,
        maxFileBytes: 8 * 1024 ** 2,
        timeoutMs: 60_000,
      },
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 ** 2);
    expect(
      r.notes.some((n) =>
        /refused: hostile.dav!\/bomb.img: decompression bomb refused: SquashFS declares 67108864 bytes/.test(
          n,
        ),
      ),
    ).toBe(true);
    expect(
      r.notes.some((n) => /deep nesting refused: hostile.dav!\/deep.gz is gzip at depth 7/.test(n)),
    ).toBe(true);
    expect(r.components.map((c) => `${c.id} ${c.version}`)).toEqual(['busybox 1.22.1']);
  });

  it('a missing unpacker is said, not guessed around', async () => {
    const { kb } = await loadKb();
    const image = buildHikvision({
      files: [
        {
          name: 'app.img',
          data: squashfs(rootfs(scratch('m'), { a: 'b' }), join(scratch('m-sq'), 'm.sqsh')),
        },
      ],
    });
    const path = process.env.PATH;
    process.env.PATH = scratch('empty-path');
    try {
      const r = await scanFirmwareBytes(image, 'd.dav', kb, new Date('2026-11-30T12:00:00Z'));
      expect(r.notes).toContain(
        "d.dav!/app.img: SquashFS not unpacked: `unsquashfs` is missing (install Debian's squashfs-tools)",
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
