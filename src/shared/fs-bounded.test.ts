// Limits that count bytes read: /dev/zero and a FIFO fed by another process have no size to
// stat, and are refused with one line once the limit passes; files under it read whole.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { createHash } from 'node:crypto';
import {
  bytesText,
  readBounded,
  readBoundedChunks,
  readBoundedHashed,
  readBoundedText,
} from './fs-bounded.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A FIFO and a process writing `total` bytes into it (endless when undefined), then closing. */
function fedFifo(total?: number): { path: string; exited: Promise<unknown> } {
  const path = join(dir, `fifo-${++n}`);
  execFileSync('mkfifo', [path]);
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(process.argv[1], 'w');
    const total = process.argv[2] === '' ? Infinity : Number(process.argv[2]);
    const block = Buffer.alloc(64 * 1024, 0x61);
    try {
      for (let sent = 0; sent < total; sent += block.length)
        fs.writeSync(fd, block, 0, Math.min(block.length, total - sent));
    } catch {}
    fs.closeSync(fd);`;
  const writer = spawn(process.execPath, ['-e', script, path, String(total ?? '')], {
    stdio: 'ignore',
  });
  // Listened for at once: the writer may be gone before the reader is done.
  return { path, exited: once(writer, 'exit') };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const c of chunks) total += c.length;
  return total;
}

describe('readBounded', () => {
  it('reads a file under the limit whole, and names a file over it in one line', () => {
    const file = join(dir, 'inventory.csv');
    writeFileSync(file, 'ip\n10.0.0.1\n');
    expect(readBoundedText(file, 100)).toBe('ip\n10.0.0.1\n');
    expect(readBounded(file, 12).length).toBe(12);
    expect(() => readBounded(file, 11, 'split it')).toThrow(
      new UserError(
        `${file}: larger than 11 bytes, the limit for one file; stopped reading there; split it`,
      ),
    );
  });

  it('refuses /dev/zero (stat size 0) once the limit passes', () => {
    expect(() => readBounded('/dev/zero', 1024 * 1024)).toThrow(
      '/dev/zero: larger than 1 MiB, the limit for one file',
    );
  });

  it('refuses an endless FIFO fed by another process, and reads a short one whole', async () => {
    const endless = fedFifo();
    expect(() => readBounded(endless.path, 256 * 1024)).toThrow(/larger than 256 KiB/);
    await endless.exited;
    const short = fedFifo(100_000);
    expect(readBounded(short.path, 256 * 1024).length).toBe(100_000);
    await short.exited;
  });

  it('says what is wrong with a path that cannot be read', () => {
    expect(() => readBounded(join(dir, 'nope.csv'), 10)).toThrow(
      `${join(dir, 'nope.csv')}: cannot read it: no such file`,
    );
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(() => readBounded(folder, 10)).toThrow(
      `${folder}: cannot read it: it is a folder, not a file`,
    );
  });
});

describe('readBoundedChunks', () => {
  it('streams /dev/zero until the limit, then refuses it', async () => {
    await expect(collect(readBoundedChunks('/dev/zero', 3 * 1024 * 1024))).rejects.toThrow(
      '/dev/zero: larger than 3 MiB, the limit for one file',
    );
  });

  it('streams an endless FIFO until the limit, and a short one whole', async () => {
    const endless = fedFifo();
    await expect(
      collect(readBoundedChunks(endless.path, 512 * 1024, { chunkBytes: 64 * 1024 })),
    ).rejects.toThrow(/larger than 512 KiB/);
    await endless.exited;
    const short = fedFifo(300_000);
    expect(await collect(readBoundedChunks(short.path, 512 * 1024))).toBe(300_000);
    await short.exited;
  });
});

it.each([
  [512 * 1024 * 1024, '512 MiB'],
  [64 * 1024, '64 KiB'],
  [1000, '1000 bytes'],
])('bytesText(%d) = %s', (b, text) => {
  expect(bytesText(b)).toBe(text);
});

describe('readBoundedHashed', () => {
  it('hashes what it read, telling progress as it goes, and refuses a device like readBounded', () => {
    const file = join(dir, 'hashed.bin');
    const data = Buffer.alloc(20 * 1024 ** 2, 7);
    writeFileSync(file, data);
    const seen: number[] = [];
    const r = readBoundedHashed(file, 32 * 1024 ** 2, (n) => seen.push(n));
    expect(r.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(r.bytes.length).toBe(data.length);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(data.length);
    expect(() => readBoundedHashed('/dev/zero', 1024 * 1024)).toThrow(/larger than 1 MiB/);
  });
});
