import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArchiveRefusedError, readZipDirectory } from '../appaudit/index.js';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import { ParseError } from '../shared/errors.js';
import { crc32 } from './crc32.js';
import {
  FirmwareZip,
  isDahuaZip,
  parseDahuaFileName,
  parseDahuaHwid,
  parseDahuaInstall,
  parseDahuaInstallLua,
} from './dahua.js';
import { parseHikvision, sniffHikvision, xorHikvisionHeader } from './hikvision.js';
import { sniffFormat } from './sniff.js';
import { readTar } from './tar.js';
import { buildDahuaZip, buildHikvision, buildTar, buildUImage, text } from './test-builders.js';
import { parseUImage } from './uimage.js';

const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));
const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((x) => parseInt(x, 16)));

/** Only the project's ParseError may escape a parser of hostile bytes. */
function total(parse: (b: Uint8Array) => unknown, seed: Uint8Array): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(Math.max(0, seed.length - 1)), fc.integer({ min: 0, max: 255 })), {
        maxLength: 12,
      }),
      fc.nat(seed.length),
      (edits, cut) => {
        const b = seed.slice(0, cut === 0 ? seed.length : cut);
        for (const [i, v] of edits) if (i < b.length) b[i] = v;
        try {
          parse(b);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      },
    ),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
      try {
        parse(b);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
    }),
    { numRuns: 300 },
  );
}

describe('Hikvision SWKH', () => {
  it('decodes the published key: a raw header starting E9 9A F7 B6 is "SWKH"', () => {
    expect(xorHikvisionHeader(hex('e9 9a f7 b6'), 4)).toEqual(text('SWKH'));
    expect(sniffHikvision(hex('e9 9a f7 b6 00'))).toBe('SWKH');
  });

  const pkg = buildHikvision({
    files: [
      { name: '_cfgUpgClass', data: text('DS-2CD2143G0-I DS-2CD2043G0-I') },
      { name: 'uImage', data: new Uint8Array(100).fill(7) },
      { name: 'app.img', data: text('hello') },
    ],
    version: 0x05050000 + 160,
    buildDate: 210416,
    versionText: 'V5.5.160 build 210416',
  });

  it('reads the header, the file table and verifies the checksums', () => {
    const h = parseHikvision(pkg, 'digicap.dav');
    expect(h.magic).toBe('SWKH');
    expect(h.headerChecksumOk).toBe(true);
    expect(h.entries.map((e) => e.name)).toEqual(['_cfgUpgClass', 'uImage', 'app.img']);
    expect(h.entries[0]!.offset).toBe(0x40 + 3 * 0x2c);
    expect(h.firmwareVersion).toBe('5.5.160');
    expect(h.buildDate).toBe('2021-04-16');
    expect(h.versionText).toBe('V5.5.160 build 210416');
    expect(h.language).toBe(1);
    expect(h.deviceClass).toBe(2);
  });

  it('says when the header checksum does not match', () => {
    const bad = buildHikvision({ files: [{ name: 'a', data: text('x') }], badChecksum: true });
    expect(parseHikvision(bad, 'x').headerChecksumOk).toBe(false);
  });

  it('recognises 03KH as encrypted without guessing a table', () => {
    const h = parseHikvision(buildHikvision({ files: [], magic: '03KH' }), 'x');
    expect(h).toMatchObject({ magic: '03KH', encrypted: true, entries: [] });
  });

  it.each([
    ['a truncated header', pkg.slice(0, 90), /package header \(truncated\) runs past the end/],
    [
      'a table past the end',
      buildHikvision({ files: [{ name: 'a', data: text('x') }], override: { a: { size: 1e6 } } }),
      /file table points past the end: a/,
    ],
    [
      'overlapping entries',
      buildHikvision({
        files: [
          { name: 'a', data: text('xxxx') },
          { name: 'b', data: text('yyyy') },
        ],
        override: { b: { offset: 0x40 + 2 * 0x2c } },
      }),
      /overlapping file table refused: b overlaps a/,
    ],
    [
      'a ../ name',
      buildHikvision({ files: [{ name: '../etc/x', data: text('x') }] }),
      /path traversal refused/,
    ],
  ])('refuses %s with a clear error', (_what, bytes, message) => {
    expect(() => parseHikvision(bytes, 'digicap.dav')).toThrow(message);
  });

  it('throws only ParseError on damaged packages', () => total((b) => parseHikvision(b, 'x'), pkg));
});

describe('Dahua DH ZIP', () => {
  const install = JSON.stringify({
    Commands: ['burn kernel.img kernel', 'burn romfs-x.squashfs.img rootfs'],
    Devices: [['IPC-HX3XXX', '1.00']],
    Vendor: 'General',
  });
  const image = buildDahuaZip(
    [
      { name: 'Install', data: text(install) },
      { name: 'hwid', data: text('["IPC-HFW4431R-Z:01:02:02:23", "IPC-HDW4431C-A:01:02:02:23"]') },
    ],
    deflate,
  );

  it('reads the DH magic and the entries through the central directory', () => {
    expect(isDahuaZip(image)).toBe(true);
    expect(sniffFormat(image)).toBe('dahua-zip');
    const zip = new FirmwareZip(image, 'x.bin', zlibInflate, {
      maxEntries: 10,
      maxNameBytes: 100,
      maxDeclaredBytes: 1e6,
      maxRatio: 100,
    });
    const read = (name: string): string =>
      new TextDecoder().decode(
        zip.read(
          zip.entries.find((e) => e.name === name)!,
          1e6,
        ),
      );
    expect(parseDahuaInstall(read('Install'), 'Install')).toEqual({
      devices: [{ family: 'IPC-HX3XXX', hardware: '1.00' }],
      vendor: 'General',
      images: ['kernel.img', 'romfs-x.squashfs.img'],
    });
    expect(parseDahuaHwid(read('hwid'))).toEqual(['IPC-HFW4431R-Z', 'IPC-HDW4431C-A']);
  });

  it('reads Install.lua without running it', () => {
    const lua = 'Vendor = "CPPLUS"\nDevice = "NVR5XXX-4KS2"\nburn("romfs-x.cramfs.img")';
    expect(parseDahuaInstallLua(lua)).toEqual({
      devices: [{ family: 'NVR5XXX-4KS2', hardware: undefined }],
      vendor: 'CPPLUS',
      images: ['romfs-x.cramfs.img'],
    });
  });

  it('reads the release naming, OEM builds included', () => {
    expect(
      parseDahuaFileName(
        'CPPLUS_CP-UNR-2X-V2_Eng_PN_CPPLUS_7Language_DH_V3.200.AT00.0.R.20161128.bin',
      ),
    ).toEqual({
      oem: 'CPPLUS',
      family: 'CP-UNR-2X-V2',
      platform: undefined,
      language: 'English',
      version: '3.200.AT00.0.R.20161128',
    });
    expect(
      parseDahuaFileName('DH_IPC-HX3XXX-Eos_MultiLang_PN_V2.800.0000000.25.R.220130.bin'),
    ).toMatchObject({
      oem: 'DH',
      family: 'IPC-HX3XXX',
      platform: 'Eos',
      language: 'multi-language',
      version: '2.800.0000000.25.R.220130',
    });
  });

  it('refuses traversal and bombs in the directory', () => {
    const evil = buildDahuaZip([{ name: '../../etc/passwd', data: text('x') }], deflate);
    expect(() => readZipDirectory(evil, 'evil.bin')).toThrow(ArchiveRefusedError);
    expect(() => parseDahuaInstall('{"Devices": [', 'Install')).toThrow(
      'Install is not valid JSON',
    );
  });

  it('throws only ParseError on damaged images', () =>
    total((b) => {
      const zip = new FirmwareZip(b, 'x', zlibInflate, {
        maxEntries: 10,
        maxNameBytes: 100,
        maxDeclaredBytes: 1e6,
        maxRatio: 100,
      });
      for (const e of zip.entries) zip.read(e, 1e6);
    }, image));
});

describe('U-Boot legacy image', () => {
  const data = text('hsqs filesystem bytes');
  const img = buildUImage('Linux-3.4.35', data, { type: 2 });

  it('reads the header and checks both CRCs', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(parseUImage(img, 'kernel.img')).toMatchObject({
      name: 'Linux-3.4.35',
      os: 'Linux',
      arch: 'ARM',
      type: 'kernel',
      dataSize: data.length,
      dataCrcOk: true,
      created: '2022-01-30T00:00:00.000Z',
    });
    expect(parseUImage(buildUImage('x', data, { badDataCrc: true }), 'x').dataCrcOk).toBe(false);
  });

  it('refuses a damaged header and truncated data', () => {
    const bad = img.slice();
    bad[40] = 0x41;
    expect(() => parseUImage(bad, 'k')).toThrow('header CRC does not match');
    expect(() => parseUImage(img.slice(0, 70), 'k')).toThrow(
      'U-Boot image data (truncated) runs past the end',
    );
  });

  it('throws only ParseError on damaged images', () => total((b) => parseUImage(b, 'x'), img));
});

describe('tar', () => {
  const tar = buildTar([
    { name: 'etc/passwd', data: text('root:x:0:0') },
    { name: 'bin/busybox', data: new Uint8Array(600) },
  ]);

  it('lists regular files and refuses traversal', () => {
    expect(readTar(tar, 't', 10).map((e) => [e.name, e.size])).toEqual([
      ['etc/passwd', 10],
      ['bin/busybox', 600],
    ]);
    expect(sniffFormat(tar)).toBe('tar');
    expect(() => readTar(buildTar([{ name: '../x', data: text('x') }]), 't', 10)).toThrow(
      'path traversal refused',
    );
  });

  it('throws only ParseError on damaged archives', () => total((b) => readTar(b, 'x', 100), tar));
});

describe('byte-sum', () => {
  it('equals the plain sum at every alignment and length', async () => {
    const { byteSum } = await import('./crc32.js');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(3), (b, skip) => {
        const v = b.subarray(Math.min(skip, b.length));
        let plain = 0;
        for (const x of v) plain += x;
        expect(byteSum(v)).toBe(plain % 0x100000000);
      }),
    );
    expect(byteSum(new Uint8Array(70000).fill(255))).toBe(70000 * 255);
  });
});
