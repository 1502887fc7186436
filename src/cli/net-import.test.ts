import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../netaudit/import/fixtures/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sousveil-import-'));
const db = join(dir, 'audit.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Host {
  address: string;
  maker?: string;
  covered: boolean;
  evidence: { probe: string; fingerprint: string }[];
}

async function importJson(file: string): Promise<{ code: number; hosts: Host[] }> {
  const io = captureIo();
  const code = await run(['net', 'import', fixture(file), '--json', '--db', db], io);
  return { code, hosts: (JSON.parse(io.out()) as { hosts: Host[] }).hosts };
}

describe('sousveil net import', () => {
  it.each([
    ['nmap-hikvision.xml', '192.0.2.64', 'hikvision'],
    ['dnsmasq.leases', '192.0.2.64', 'hikvision'],
    ['zeek-dns.log', '192.0.2.64', 'hikvision'],
  ])('%s yields a verdict with evidence', async (file, address, maker) => {
    const { code, hosts } = await importJson(file);
    expect(code).toBe(3);
    const host = hosts.find((h) => h.address === address);
    expect(host).toMatchObject({ maker, covered: true });
    expect(host?.evidence.length).toBeGreaterThan(0);
  });

  it('saves each import for history', async () => {
    const io = captureIo();
    expect(await run(['net', 'history', '--json', '--db', db], io)).toBe(0);
    const runs = (JSON.parse(io.out()) as { runs: { kind: string }[] }).runs;
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((r) => r.kind === 'import')).toBe(true);
  });

  it('several files with bad ones among them: the good are imported, the bad listed, exit 1', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'nothing an importer knows\n');
    const files = [
      fixture('nmap-hikvision.xml'),
      join(dir, 'notes.txt'),
      join(dir, 'missing.xml'),
      fixture('dnsmasq.leases'),
    ];
    const io = captureIo();
    expect(await run(['net', 'import', ...files, '--json', '--db', db], io)).toBe(1);
    const out = JSON.parse(io.out()) as {
      import: { id: number; files: string[]; failed: Array<{ file: string }> };
      hosts: Host[];
    };
    expect(out.import.files).toEqual([files[0], files[3]]);
    expect(out.import.failed.map((f) => f.file)).toEqual([files[1], files[2]]);
    expect(out.hosts.find((h) => h.address === '192.0.2.64')).toMatchObject({ covered: true });
    const err = io.err().split('\n');
    expect(io.err()).toContain(`sousveil: ${files[1]}: cannot tell the format; pass --format (`);
    expect(err).toContain(`sousveil: ${files[2]}: cannot read it: no such file`);
    expect(err).toContain(`net import: 2 of 4 file(s) left out: ${files[1]}, ${files[2]}`);
    const history = captureIo();
    await run(['net', 'history', '--json', '--db', db], history);
    const saved = (JSON.parse(history.out()) as { runs: Array<{ id: number; params: unknown }> })
      .runs;
    expect(saved.find((r) => r.id === out.import.id)?.params).toEqual({
      files: [files[0], files[3]],
    });
  });

  it('names an unknown --format and a missing file', async () => {
    const io = captureIo();
    expect(
      await run(['net', 'import', fixture('dnsmasq.leases'), '--format', 'excel', '--no-save'], io),
    ).toBe(1);
    expect(io.err().split('\n')[0]).toMatch(
      /^sousveil: --format: "excel" is not one of nmap-xml, /,
    );
    const io2 = captureIo();
    expect(await run(['net', 'import', join(dir, 'nope.xml'), '--no-save'], io2)).toBe(1);
    expect(io2.err()).toContain('nope.xml: cannot read it: no such file');
  });
});
