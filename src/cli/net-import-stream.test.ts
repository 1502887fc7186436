// `net import` of large and unusual inputs through the command: a CSV inventory streamed,
// identified and saved in batches gives what identifying it whole gives; a FIFO is read; a
// device is refused in one line.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { identifyHost } from '../netaudit/fuse.js';
import { parseImport } from '../netaudit/import/detect.js';
import { formatHostTable, summarize } from '../netaudit/report/table.js';
import { openSqliteStore } from '../store/index.js';
import { workerMinHosts } from '../netaudit/import/worker-import.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-import-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { kb } = await loadKb();

const makers = [
  ['Hikvision', 'DS-2CD2143G0-I', '44:19:b6'],
  ['Dahua', 'IPC-HFW2228M', '3c:ef:8c'],
  ['Axis', 'P3245-V', '00:40:8c'],
  ['', '', '02:00:00'],
] as const;

function inventory(rows: number): string {
  const lines = ['IP Address,MAC Address,Name,Manufacturer,Model,Location'];
  for (let i = 0; i < rows; i++) {
    const [maker, model, oui] = makers[i % makers.length]!;
    const b = (n: number): string => (n & 255).toString(16).padStart(2, '0');
    lines.push(
      `10.1.${(i >> 8) & 255}.${i & 255},${oui}:${b(i >> 16)}:${b(i >> 8)}:${b(i)},host-${i},${maker},${model},"Hall ${i % 9}, floor 1"`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function sv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('net import, streamed', () => {
  const file = join(dir, 'inventory.csv');
  writeFileSync(file, inventory(6_000));
  const whole = parseImport('csv-inventory', inventory(6_000)).hosts.map((h) =>
    identifyHost(kb, h, '2026-11-28'),
  );

  it('--json: the hosts and summary identifying the file whole gives, saved in the store', async () => {
    const db = join(dir, 'a.db');
    const r = await sv('net', 'import', file, '--json', '--db', db, '--as-of', '2026-11-28');
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.out) as { import: { id: number }; summary: unknown; hosts: unknown[] };
    expect(doc.summary).toEqual(summarize(whole));
    expect(doc.hosts).toEqual(whole);
    const history = JSON.parse((await sv('net', 'history', '--json', '--db', db)).out) as {
      runs: Array<{ id: number; hostCount: number; summary: unknown }>;
    };
    expect(history.runs[0]).toMatchObject({ id: doc.import.id, hostCount: 6_000 });
  });

  it('the table is the one formatHostTable writes', async () => {
    const r = await sv('net', 'import', file, '--no-save', '--as-of', '2026-11-28');
    expect(r.out).toBe(formatHostTable(whole));
    expect(r.err).toContain('inventory.csv: csv-inventory, 6000 host(s)');
  });

  it('reads a FIFO another process writes the inventory into', async () => {
    const fifo = join(dir, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn(process.execPath, [
      '-e',
      'const fs = require("node:fs"); fs.writeFileSync(process.argv[1], fs.readFileSync(process.argv[2]))',
      fifo,
      file,
    ]);
    const exited = once(writer, 'exit');
    const r = await sv('net', 'import', fifo, '--csv', '--no-save', '--fail-on', 'never');
    await exited;
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\r\n')).toHaveLength(6_001);
  });

  it('refuses a device in one line', async () => {
    const r = await sv('net', 'import', '/dev/zero', '--no-save');
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toEqual([
      expect.stringContaining('sousveil: /dev/zero: cannot tell the format'),
      'net import: nothing imported: no file could be read',
    ]);
  });
});

describe('net import, large, from the compiled package', () => {
  // Past workerMinHosts hosts the compiled CLI identifies in a worker thread while its main
  // thread writes: the report and the saved verdicts must be the ones one thread makes.
  const rows = workerMinHosts + 2_000;
  const file = join(dir, 'large.csv');
  writeFileSync(file, inventory(rows));
  const whole = parseImport('csv-inventory', inventory(rows)).hosts.map((h) =>
    identifyHost(kb, h, '2026-11-28'),
  );

  it('--json gives the one-thread report and saves the same verdicts', async () => {
    const db = join(dir, 'large.db');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'sousveil.js');
    const child = spawn(process.execPath, [
      bin,
      'net',
      'import',
      file,
      '--json',
      '--db',
      db,
      '--as-of',
      '2026-11-28',
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const [status] = (await once(child, 'exit')) as [number];
    expect(stderr).toContain(`large.csv: csv-inventory, ${rows} host(s)`);
    expect(status).toBe(3);
    const doc = JSON.parse(stdout) as {
      import: { id: number };
      summary: unknown;
      hosts: unknown[];
    };
    expect(doc.summary).toEqual(summarize(whole));
    expect(doc.hosts).toEqual(whole);
    const store = openSqliteStore(db);
    try {
      const saved = await store.scans.hosts(doc.import.id);
      const byAddress = new Map(saved.map((h) => [h.address, h.verdict]));
      expect(saved).toHaveLength(rows);
      for (const v of whole) expect(byAddress.get(v.address)).toEqual(v);
    } finally {
      await store.close();
    }
  }, 180_000);
});
