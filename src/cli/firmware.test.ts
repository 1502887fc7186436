import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildHikvision, buildTar, text } from '../firmware/test-builders.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-fw-cli-'));
const db = join(dir, 'fw.db');

function image(name: string, version: number, date: number, busybox: string): string {
  const root = buildTar([
    { name: 'etc/passwd', data: text('root:ToCOv8qxP13qs:0:0:root:/root:/bin/sh\n') },
    { name: 'bin/busybox', data: text(`\0BusyBox v${busybox} (2020) multi-call binary\0`) },
  ]);
  const path = join(dir, name);
  writeFileSync(
    path,
    buildHikvision({
      files: [
        { name: '_cfgUpgClass', data: text('DS-2CD2143G0-I\0') },
        { name: 'app.tar.gz', data: new Uint8Array(gzipSync(root)) },
      ],
      version,
      buildDate: date,
    }),
  );
  return path;
}

const old = image('old.dav', 0x05050000 + 160, 210416, '1.19.3');
const fixed = image('new.dav', 0x05050000 + 800, 210628, '1.31.1');

describe('sousveil firmware', () => {
  it('scan: a table, exit 3 when an advisory applies, saved; --fail-on never exits 0', async () => {
    const io = captureIo();
    expect(await run(['firmware', 'scan', old, '--db', db], io)).toBe(3);
    expect(io.out()).toContain('old.dav: Hikvision V5.5.160 build 210416');
    expect(io.out()).toMatch(/AFFECTED\s+CVE-2021-36260 KEV since 2022-01-10/);
    expect(io.out()).toContain('components: BusyBox 1.19.3');
    const never = captureIo();
    expect(await run(['firmware', 'scan', fixed, '--db', db, '--fail-on', 'never'], never)).toBe(0);
  });

  it('scan --html is one self-contained page; --sbom writes CycloneDX, refusing to overwrite', async () => {
    const io = captureIo();
    const sbom = join(dir, 'bom.json');
    await run(['firmware', 'scan', old, '--no-save', '--html', '--sbom', sbom], io);
    expect(io.out()).toMatch(/^<!doctype html>/);
    expect(io.out()).not.toMatch(/<script|src="http/);
    expect(io.out()).toContain('CVE-2021-36260');
    expect(JSON.parse(readFileSync(sbom, 'utf8'))).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
    });
    const again = captureIo();
    expect(await run(['firmware', 'scan', old, '--no-save', '--sbom', sbom], again)).toBe(1);
    expect(again.err()).toMatch(/bom\.json/);
  });

  it('history and diff', async () => {
    const h = captureIo();
    expect(await run(['firmware', 'history', '--db', db, '--json'], h)).toBe(0);
    const scans = (JSON.parse(h.out()) as { scans: { id: number; file: string }[] }).scans;
    const a = scans.find((s) => s.file === 'old.dav')?.id;
    const b = scans.find((s) => s.file === 'new.dav')?.id;
    const d = captureIo();
    expect(await run(['firmware', 'diff', String(a), String(b), '--db', db], d)).toBe(0);
    expect(d.out()).toContain('components changed: BusyBox 1.19.3 -> 1.31.1');
    expect(d.out()).toContain('advisories no longer affecting: CVE-2021-36260');
  });

  it.each([
    [['firmware', 'scan'], /name at least one firmware file/],
    [['firmware', 'scan', 'missing.bin', '--no-save'], /missing\.bin/],
    [['firmware', 'diff', '1'], /name two audit ids/],
  ])('%j: one clear line, exit 1', async (argv, message) => {
    const io = captureIo();
    expect(await run(argv, io)).toBe(1);
    expect(io.err()).toMatch(message);
  });

  it('scan of a folder says so', async () => {
    const io = captureIo();
    expect(await run(['firmware', 'scan', dir, '--no-save'], io)).toBe(1);
    expect(io.err()).toContain('is a directory, not a firmware file');
  });
});
