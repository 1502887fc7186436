import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { buildZip, type Deflate } from './test-builders.js';
import { readZipDirectory } from './zip.js';
import { ZipArchive, defaultReadLimits } from './zip-read.js';
import { zlibInflate } from './zlib-inflate.js';

const deflate: Deflate = (d) => new Uint8Array(deflateRawSync(d));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('ZIP central directory', () => {
  it('lists entries and reads stored and deflated data', () => {
    const zip = buildZip(
      [
        { name: 'AndroidManifest.xml', data: text('manifest') },
        { name: 'classes.dex', data: text('dex\n035\0'), stored: true },
        { name: 'res/é.png', data: new Uint8Array(1000) },
      ],
      deflate,
    );
    const archive = new ZipArchive(zip, 'app.apk', zlibInflate);
    expect(archive.entries.map((e) => e.name)).toEqual([
      'AndroidManifest.xml',
      'classes.dex',
      'res/é.png',
    ]);
    expect(new TextDecoder().decode(archive.read(archive.find('AndroidManifest.xml')!))).toBe(
      'manifest',
    );
    expect(archive.read(archive.find('classes.dex')!)).toEqual(text('dex\n035\0'));
    expect(archive.read(archive.find('res/é.png')!)).toEqual(new Uint8Array(1000));
    expect(archive.inflatedBytes).toBe(1008);
  });

  it('finds the APK signing block before the directory', () => {
    const block = new Uint8Array(8 + 8 + 8 + 16);
    const dv = new DataView(block.buffer);
    dv.setBigUint64(0, BigInt(block.length - 8), true);
    dv.setBigUint64(16, BigInt(block.length - 8), true);
    block.set(text('APK Sig Block 42'), 24);
    const zip = buildZip([{ name: 'a', data: text('x') }], deflate, block);
    const dir = readZipDirectory(zip);
    expect(dir.signingBlock).toEqual({ offset: dir.centralOffset - block.length, size: 32 });
  });

  it.each([
    ['../evil.so', 'path traversal refused: entry name "../evil.so"'],
    ['lib/../../x', 'path traversal refused'],
    ['/etc/passwd', 'path traversal refused'],
    ['C:\\windows\\x', 'path traversal refused'],
    ['a\\..\\b', 'path traversal refused'],
  ])('refuses the entry name %s', (name, message) => {
    const zip = buildZip([{ name, data: text('x') }], deflate);
    expect(() => readZipDirectory(zip, 'evil.apk')).toThrow(message);
  });

  it('refuses a directory declaring more than the ratio allows', () => {
    const zip = buildZip([{ name: 'big', data: text('x'), declaredSize: 1e9 }], deflate);
    expect(() => readZipDirectory(zip, 'bomb.apk')).toThrow(
      /^bomb.apk: zip bomb refused: entries declare 1000000000 bytes/,
    );
  });

  it('refuses entries sharing one compressed stream (overlap bomb)', () => {
    const zip = buildZip(
      [
        { name: 'a', data: new Uint8Array(100) },
        { name: 'b', data: new Uint8Array(100), localOffsetOf: 0 },
      ],
      deflate,
    );
    expect(() => readZipDirectory(zip)).toThrow(/overlaps/);
  });

  it('counts bytes actually inflated: an entry lying about its size is refused', () => {
    // 1 MiB of zeros deflates to about 1 KiB; the directory claims 10 bytes.
    const zip = buildZip(
      [{ name: 'liar', data: new Uint8Array(1 << 20), declaredSize: 10 }],
      deflate,
    );
    const archive = new ZipArchive(zip, 'liar.apk', zlibInflate);
    expect(() => archive.read(archive.entries[0]!)).toThrow(/more than the 10 bytes it declares/);
  });

  it('stops at the total inflated budget', () => {
    const zip = buildZip(
      [
        { name: 'a', data: new Uint8Array(5000) },
        { name: 'b', data: new Uint8Array(5000) },
      ],
      deflate,
    );
    const limits = { ...defaultReadLimits, maxInflatedBytes: 8000 };
    const archive = new ZipArchive(zip, 'z', zlibInflate, limits);
    archive.read(archive.entries[0]!);
    expect(() => archive.read(archive.entries[1]!)).toThrow(/over 8000 bytes inflated/);
  });

  it('refuses more entries than the directory can hold, and archives with too many', () => {
    const zip = buildZip(
      [
        { name: 'a', data: text('x') },
        { name: 'b', data: text('y') },
      ],
      deflate,
    );
    const limits = { ...defaultReadLimits, maxEntries: 1 };
    expect(() => readZipDirectory(zip, 'z', limits)).toThrow(/more than 1 entries/);
    const eocd = zip.length - 22;
    const lying = zip.slice();
    lying[eocd + 10] = 0xff;
    expect(() => readZipDirectory(lying)).toThrow(/too small for 255 entries/);
  });

  it('says plainly when the bytes are not a ZIP', () => {
    expect(() => readZipDirectory(text('hello'), 'x.apk')).toThrow(
      'x.apk: too short for a ZIP archive (no end of central directory)',
    );
    expect(() => readZipDirectory(new Uint8Array(100), 'x.apk')).toThrow(/not a ZIP archive/);
  });
});

describe('ZIP parsing is total', () => {
  const zip = buildZip(
    [
      { name: 'AndroidManifest.xml', data: text('m'.repeat(50)) },
      { name: 'classes.dex', data: text('dex\n035\0'), stored: true },
    ],
    deflate,
  );

  const readAll = (bytes: Uint8Array): void => {
    const archive = new ZipArchive(bytes, 'fuzz', zlibInflate);
    for (const e of archive.entries) archive.read(e);
  };
  const onlyParseErrors = (bytes: Uint8Array): void => {
    try {
      readAll(bytes);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
    }
  };

  it('throws only ParseError on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), onlyParseErrors), { numRuns: 500 });
  });

  it('throws only ParseError on a real archive with bytes changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const bytes = zip.slice();
          for (const [at, value] of edits) bytes[at] = value;
          onlyParseErrors(bytes);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
