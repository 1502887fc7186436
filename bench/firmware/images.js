// Firmware images for the benchmark, in the formats the system tests use: root file systems packed
// by Debian's mksquashfs and mkfs.cramfs, wrapped in U-Boot images, Hikvision SWKH packages and
// Dahua DH-ZIPs (builders from dist/firmware/test-builders.js), plus one large generated image.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import {
  buildDahuaZip,
  buildHikvision,
  buildUImage,
  text,
} from '../../dist/firmware/test-builders.js';

const deflate = (d) => new Uint8Array(deflateRawSync(d));

function tree(files) {
  const dir = mkdtempSync(join(tmpdir(), 'sousveil-bench-fw-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function pack(tool, files) {
  const dir = tree(files);
  const out = `${dir}.img`;
  if (tool === 'squashfs')
    execFileSync('mksquashfs', [dir, out, '-noappend', '-quiet', '-all-root', '-no-progress'], {
      stdio: 'pipe',
    });
  else execFileSync('mkfs.cramfs', [dir, out], { stdio: 'pipe' });
  const bytes = new Uint8Array(readFileSync(out));
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { force: true });
  return bytes;
}

const cameraRoot = {
  'etc/passwd': 'root:ToCOv8qxP13qs:0:0:root:/root:/bin/psh\n',
  'etc/init.d/rcS': '#!/bin/sh\nmount -a\n/bin/telnetd -l /bin/sh &\n',
  'bin/busybox': '\u007fELF\0\0BusyBox v1.19.3 (2013-01-21 10:37:22 CST) multi-call binary.\0',
  'lib/libssl.so.1.0.0': '\u007fELF\0OpenSSL 1.0.2k  26 Jan 2017\0',
  'home/app/davinci': '\u007fELF\0https://dev.hik-connect.com/api/device\0',
};

/** Deterministic incompressible bytes (xorshift32), so the large image stays large when packed. */
function noise(n, seed) {
  const out = new Uint8Array(n);
  const v = new Uint32Array(out.buffer, 0, Math.floor(n / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < v.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    v[i] = x >>> 0;
  }
  return out;
}

function hikvision(extraRoot = {}) {
  return buildHikvision({
    files: [
      { name: '_cfgUpgSecPls', data: new Uint8Array(500).fill(0x5a) },
      {
        name: '_cfgUpgClass',
        data: text('\u0001\0\0\0DS-2CD2143G0-I\0DS-2CD2043G0-I\0DS-2CD2343G0-I\0'),
      },
      { name: 'uImage', data: buildUImage('Linux-3.10.0', noise(2 * 1024 ** 2, 7), { type: 2 }) },
      { name: 'app.img', data: pack('squashfs', { ...cameraRoot, ...extraRoot }) },
    ],
    version: 0x05050000 + 160,
    buildDate: 210416,
  });
}

function dahua() {
  const romfs = pack('squashfs', {
    'usr/bin/sonia': '\u007fELF\0www.easy4ipcloud.com\0lighttpd/1.4.35\0SSH-2.0-dropbear_2014.63\0',
    'lib/libuClibc-0.9.33.2.so': '\u007fELF\0',
  });
  const install = {
    Commands: ['burn romfs-x.squashfs.img rootfs'],
    Devices: [['IPC-HX3XXX', '1.00']],
    Vendor: 'General',
  };
  return buildDahuaZip(
    [
      { name: 'Install', data: text(JSON.stringify(install)) },
      {
        name: 'hwid',
        data: text('["IPC-HFW3441T-ZAS:01:02:02:23", "IPC-HDW3441T-ZAS:01:02:02:23"]'),
      },
      { name: 'kernel.img', data: buildUImage('Linux-3.18.20', noise(1024 ** 2, 9), { type: 2 }) },
      { name: 'romfs-x.squashfs.img', data: buildUImage('romfs', romfs) },
    ],
    deflate,
  );
}

function cpplusNvr() {
  const root = pack('cramfs', {
    'etc/inittab': '::respawn:/usr/sbin/telnetd -F\n',
    'bin/busybox': 'BusyBox v1.16.1 (2016)',
  });
  return buildDahuaZip(
    [
      {
        name: 'Install.lua',
        data: text('Vendor = "CPPLUS"\nDevice = "NVR5XXX-4KS2"\nburn("romfs-x.cramfs.img")\n'),
      },
      { name: 'romfs-x.cramfs.img', data: buildUImage('romfs', root) },
    ],
    deflate,
  );
}

function encrypted() {
  const head = buildHikvision({ files: [], magic: '03KH' });
  const out = new Uint8Array(head.length + 4 * 1024 ** 2);
  out.set(head);
  out.set(noise(4 * 1024 ** 2, 3), head.length);
  return out;
}

/** A ≥200 MB SWKH package: the camera root plus 200 MB of incompressible application data. */
function large() {
  const bulk = {};
  for (let i = 0; i < 50; i++) bulk[`opt/data/blob${i}.bin`] = noise(4 * 1024 ** 2, 100 + i);
  return hikvision(bulk);
}

/** Writes the images (kept between runs) and returns their paths. */
export function benchImages(dir) {
  mkdirSync(dir, { recursive: true });
  const specs = [
    ['digicap.dav', hikvision],
    ['DH_IPC-HX3XXX-Eos_Eng_P_V2.800.0000000.16.R.210301.bin', dahua],
    ['CPPLUS_CP-UNR-2X-V2_Eng_PN_CPPLUS_7Language_DH_V3.200.AT00.0.R.20161128.bin', cpplusNvr],
    ['digicap-03kh.dav', encrypted],
    ['digicap-large.dav', large],
  ];
  return specs.map(([name, make]) => {
    const path = join(dir, name);
    if (!existsSync(path)) writeFileSync(path, make());
    return path;
  });
}
