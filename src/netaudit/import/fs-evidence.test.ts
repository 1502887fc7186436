// `net import` files streamed into a real staging database: a CSV inventory read in chunks, rows
// of one address merged, files one after the other; FIFOs and devices under the byte limit.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { stageEvidenceFile } from './fs-evidence.js';
import { ImportStaging } from './sqlite-staging.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let staging: ImportStaging;
beforeEach(() => (staging = new ImportStaging(dir)));
afterEach(() => staging.close());

const header = 'IP Address,MAC Address,Name,Manufacturer,Model,Location\r\n';
const row = (i: number): string =>
  `10.0.${(i >> 8) & 255}.${i & 255},44:19:b6:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')},cam-${i},Hikvision,DS-2CD2143G0-I,"Hall ${i}, floor 2"\r\n`;

const all = (): Array<{ address: string; kinds: string[] }> =>
  [...staging.hostPages()].flat().map((h) => ({
    address: h.address,
    kinds: h.observations.map((o) => o.kind),
  }));

describe('stageEvidenceFile', () => {
  it('streams a CSV inventory larger than one chunk, merging the rows of one address', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => row(i)).join('');
    const file = join(dir, 'inventory.csv');
    // The first address again at the end, with a model the first row lacks.
    writeFileSync(file, `${header}${rows}10.0.0.0,,,Hikvision,DS-2CD2T47G2-L,\r\n`);
    const r = await stageEvidenceFile(file, 0, {}, staging);
    expect(r).toEqual({ format: 'csv-inventory', skipped: [] });
    expect(staging.hostCount(0)).toBe(30_000);
    const hosts = [...staging.hostPages()].flat();
    expect(hosts).toHaveLength(30_000);
    expect(hosts[0]).toEqual({
      address: '10.0.0.0',
      observations: [
        { kind: 'inventory', source: 'csv-inventory', maker: 'Hikvision', model: 'DS-2CD2143G0-I' },
        { kind: 'hostname', source: 'csv-inventory', name: 'cam-0' },
        { kind: 'mac', source: 'csv-inventory', mac: '44:19:b6:00:00:00' },
        { kind: 'inventory', source: 'csv-inventory', maker: 'Hikvision', model: 'DS-2CD2T47G2-L' },
      ],
    });
  });

  it('reads files one after the other: the second adds to the hosts of the first', async () => {
    writeFileSync(join(dir, 'a.csv'), `${header}${row(1)}${row(2)}`);
    writeFileSync(join(dir, 'b.csv'), `${header}${row(2)}${row(3)}`);
    await stageEvidenceFile(join(dir, 'a.csv'), 0, {}, staging);
    await stageEvidenceFile(join(dir, 'b.csv'), 1, {}, staging);
    expect([staging.hostCount(0), staging.hostCount(1), staging.size]).toEqual([2, 2, 3]);
    expect(all().map((h) => [h.address, h.kinds.length])).toEqual([
      ['10.0.0.1', 3],
      ['10.0.0.2', 6],
      ['10.0.0.3', 3],
    ]);
  });

  it('reads a CSV inventory from a FIFO fed by another process', async () => {
    const fifo = join(dir, 'inventory-fifo');
    execFileSync('mkfifo', [fifo]);
    const text = header + Array.from({ length: 2000 }, (_, i) => row(i)).join('');
    writeFileSync(join(dir, 'source.csv'), text);
    const writer = spawn(process.execPath, [
      '-e',
      'const fs = require("node:fs"); fs.writeFileSync(process.argv[1], fs.readFileSync(process.argv[2]))',
      fifo,
      join(dir, 'source.csv'),
    ]);
    const exited = once(writer, 'exit');
    const r = await stageEvidenceFile(fifo, 0, { format: 'csv-inventory' }, staging);
    await exited;
    expect(r.format).toBe('csv-inventory');
    expect(staging.size).toBe(2000);
  });

  it('refuses /dev/zero once the byte limit passes, holding no more than a record', async () => {
    await expect(
      stageEvidenceFile(
        '/dev/zero',
        0,
        { format: 'csv-inventory', maxBytes: 8 * 1024 * 1024 },
        staging,
      ),
    ).rejects.toThrow(
      new UserError(
        '/dev/zero: larger than 8 MiB, the limit for one file; stopped reading there; split it',
      ),
    );
    await expect(stageEvidenceFile('/dev/zero', 0, {}, staging)).rejects.toThrow(
      '/dev/zero: cannot tell the format; pass --format',
    );
  });

  it('names the file when its CSV header cannot be mapped', async () => {
    writeFileSync(join(dir, 'odd.csv'), 'colour,size\r\nred,2\r\n');
    await expect(stageEvidenceFile(join(dir, 'odd.csv'), 0, {}, staging)).rejects.toThrow(
      /odd\.csv: csv-inventory:row 1: no address or hostname column/,
    );
  });
});
