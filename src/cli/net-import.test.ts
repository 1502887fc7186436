import { mkdtempSync, rmSync } from 'node:fs';
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

  it('names an unknown --format and a missing file', async () => {
    const io = captureIo();
    expect(
      await run(['net', 'import', fixture('dnsmasq.leases'), '--format', 'excel', '--no-save'], io),
    ).toBe(1);
    expect(io.err()).toContain('--format: "excel" is not one of');
    const io2 = captureIo();
    expect(await run(['net', 'import', join(dir, 'nope.xml'), '--no-save'], io2)).toBe(1);
    expect(io2.err()).toContain('nope.xml: no such file or directory');
  });
});
