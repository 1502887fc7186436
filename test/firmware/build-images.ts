// Real-format firmware images for the system tests and the benchmark: root file systems written
// to a scratch folder, packed by Debian's mksquashfs (squashfs-tools) and mkfs.cramfs
// (util-linux), then wrapped in U-Boot images and Hikvision or Dahua containers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch folder for one test file. */
export function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `sousveil-fw-${name}-`));
}

/** Writes files (path -> content) under a new folder and returns it. */
export function rootfs(dir: string, files: Readonly<Record<string, string | Uint8Array>>): string {
  for (const [path, content] of Object.entries(files)) {
    const p = join(dir, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A SquashFS image of a folder, made by mksquashfs. */
export function squashfs(dir: string, out: string): Uint8Array {
  execFileSync('mksquashfs', [dir, out, '-noappend', '-quiet', '-all-root', '-no-progress'], {
    stdio: 'pipe',
  });
  return new Uint8Array(readFileSync(out));
}

/** A CramFS image of a folder, made by mkfs.cramfs. */
export function cramfs(dir: string, out: string): Uint8Array {
  execFileSync('mkfs.cramfs', [dir, out], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(out));
}

/** The file systems' typical contents: a password file, an init script, binaries with version strings. */
export const cameraRoot = (
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> => ({
  'etc/passwd': 'root:ToCOv8qxP13qs:0:0:root:/root:/bin/psh\n',
  'etc/init.d/rcS': '#!/bin/sh\nmount -a\n/bin/telnetd -l /bin/sh &\n',
  'bin/busybox': '\u007fELF\0\0BusyBox v1.19.3 (2013-01-21 10:37:22 CST) multi-call binary.\0',
  'lib/libssl.so.1.0.0': '\u007fELF\0OpenSSL 1.0.2k  26 Jan 2017\0',
  'home/app/davinci': '\u007fELF\0https://dev.hik-connect.com/api/device\0',
  'etc/ssl/server.key':
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n',
  ...extra,
});
