import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const bin = fileURLToPath(new URL('../../bin/sousveil.js', import.meta.url));

describe('sousveil CLI', () => {
  it('prints help with every command, exit 0', async () => {
    const io = captureIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.out()).toContain('identify');
    expect(io.out()).toContain('kb check');
  });

  it('rejects an unknown command with exit 1', async () => {
    const io = captureIo();
    expect(await run(['frobnicate'], io)).toBe(1);
    expect(io.err()).toContain('unknown command "frobnicate"');
  });

  it('rejects an unknown flag, naming it', async () => {
    const io = captureIo();
    expect(await run(['identify', '--colour', 'x'], io)).toBe(1);
    expect(io.err().split('\n')[0]).toBe('sousveil: identify: unknown option --colour');
  });

  it('kb check passes the shipped kb, with counts in --json', async () => {
    const io = captureIo();
    expect(await run(['kb', 'check', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as {
      ok: boolean;
      counts: { vendors: number; fingerprints: number };
    };
    expect(report.ok).toBe(true);
    expect(report.counts.vendors).toBeGreaterThanOrEqual(27);
  });

  it('identify reports a malformed MAC by name and exits 1, still answering the rest', async () => {
    const io = captureIo();
    expect(await run(['identify', '44:19:B6:12:34', 'Axis', '--json'], io)).toBe(1);
    expect(io.err()).toContain('"44:19:B6:12:34" is not a valid MAC address');
    const out = JSON.parse(io.out()) as { results: { input: string }[] };
    expect(out.results.map((r) => r.input)).toEqual(['Axis']);
  });

  it('identify --stdin answers one line per value and names the bad line', async () => {
    const io = captureIo('44:19:B6:12:34:56\n\nnothing-known-here\n44:19:ZZ:00:00:00\nLorex\n');
    expect(await run(['identify', '--stdin'], io)).toBe(1);
    const lines = io.out().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^44:19:B6:12:34:56\tmac\tHikvision\t-\tnamed\tcovered$/);
    expect(lines[1]).toBe('nothing-known-here\tbanner\tno match');
    expect(io.err()).toContain('line 4:');
  });

  it('identify --stdin --json writes one JSON object a line', async () => {
    const io = captureIo('App-webs/\nAxis\n');
    expect(await run(['identify', '--stdin', '--json'], io)).toBe(0);
    const objs = io
      .out()
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            maker?: string;
            covered?: boolean;
            restrictions?: { id: string; since?: string }[];
          },
      );
    expect(objs.map((o) => o.maker)).toEqual(['hikvision', 'axis']);
    expect(objs.map((o) => o.covered)).toEqual([true, false]);
    expect(objs[0]?.restrictions).toContainEqual(
      expect.objectContaining({ id: 'us-fcc-covered-list', since: '2021-03-12' }),
    );
  });

  it('rejects a bad --as-of date', async () => {
    const io = captureIo();
    expect(await run(['identify', 'Axis', '--as-of', 'yesterday'], io)).toBe(1);
    expect(io.err()).toContain('--as-of');
  });

  it('runs as `npx sousveil` from the built bin', () => {
    const out = execFileSync(process.execPath, [bin, 'identify', '44:19:B6:12:34:56'], {
      encoding: 'utf8',
    });
    expect(out).toContain('Hikvision');
    expect(out).toContain('COVERED');
  });
});
