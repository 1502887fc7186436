import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { readApp } from './inventory.js';
import { openPartialFile } from './fs-partial-file.js';
import { buildApk, buildCertificate } from './test-builders.js';
import { zlibInflate } from './zlib-inflate.js';

const deflate = (d: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(d));
const dir = mkdtempSync(join(tmpdir(), 'sousveil-partial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const apk = buildApk(
  {
    package: 'org.example.game',
    permissions: ['android.permission.INTERNET'],
    metaData: [{ name: 'UMENG_APPKEY', value: 'k' }],
    dex: [['Lcom/umeng/analytics/MobclickAgent;'], ['Lorg/example/game/Main;']],
    strings: ['https://alog.umeng.com/app_logs'],
    libs: ['lib/arm64-v8a/libgame.so'],
    storedAssetBytes: 2 * 1024 * 1024,
    certificate: buildCertificate([['CN', 'Game Dev']]),
  },
  deflate,
);

/** readApp over a file read in part, and the file's digest; or the error either throws. */
function readInPart(path: string): unknown {
  const part = openPartialFile(path, 1024 ** 3);
  if (part === undefined) throw new Error('not a regular file');
  try {
    const app = readApp(part.bytes, 'app.apk', zlibInflate, undefined, undefined, part.load);
    return { app, sha256: part.sha256(), loaded: part.loadedBytes() };
  } finally {
    part.close();
  }
}

const outcome = (f: () => unknown): unknown => {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return `ParseError: ${e.message}`;
  }
};

describe('app files read in part', () => {
  it('read only the directory and the parsed entries, and find what a whole read finds', () => {
    const path = join(dir, 'game.apk');
    writeFileSync(path, apk);
    const r = readInPart(path) as { app: unknown; sha256: string; loaded: number };
    expect(r.app).toEqual(readApp(apk, 'app.apk', zlibInflate));
    expect(r.sha256).toBe(createHash('sha256').update(apk).digest('hex'));
    // The stored asset (2 MiB of the file) is hashed, never loaded: the directory, the window
    // searched for its end record (64 KiB) and the parsed entries are.
    expect(r.loaded).toBeLessThan(apk.length / 10);
    expect(r.loaded).toBeGreaterThan(0);
  });

  it('give the same result or the same error as a whole read, on damaged archives', () => {
    const small = buildApk(
      {
        package: 'org.example.a',
        dex: [['Lcom/umeng/analytics/A;']],
        storedAssetBytes: 300,
        certificate: buildCertificate([['CN', 'A']]),
      },
      deflate,
    );
    const path = join(dir, 'damaged.apk');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(small.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        fc.nat(small.length),
        (edits, cut) => {
          const bytes = small.slice(0, Math.max(cut, small.length - 40));
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          writeFileSync(path, bytes);
          const whole = outcome(() => readApp(bytes, 'app.apk', zlibInflate));
          const part = outcome(() => (readInPart(path) as { app: unknown }).app);
          expect(part).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuse a file that changes while it is read, one over the limit, and a missing one', () => {
    const path = join(dir, 'shrinks.apk');
    writeFileSync(path, apk);
    const part = openPartialFile(path, 1024 ** 3)!;
    truncateSync(path, 1000);
    expect(() => part.sha256()).toThrow(/changed while being read/);
    part.close();
    expect(() => openPartialFile(path, 10)).toThrow(/larger than 10 bytes/);
    expect(() => openPartialFile(join(dir, 'none.apk'), 10)).toThrow(/no such file/);
  });

  it('leave a device or a pipe to be read whole', () => {
    expect(openPartialFile('/dev/null', 10)).toBeUndefined();
  });
});
