// The ZIP writer against the project's own bounded reader: whatever goes in comes back out, names
// that could escape a folder are refused, dates are MS-DOS fields.
import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ZipArchive } from '../appaudit/index.js';
import { zlibInflate } from '../appaudit/zlib-inflate.js';
import { dosDateTime, writeZip } from './zip-write.js';
import { zlibZipCodec } from './zlib-zip.js';

const now = '2026-11-30T15:04:06.000Z';

describe('writeZip', () => {
  it('round-trips any files through the bounded reader, deflated or stored', () => {
    const name = fc
      .array(fc.stringMatching(/^[\p{L}\p{N} _-]{1,12}$/u), { minLength: 1, maxLength: 3 })
      .map((parts) => parts.join('/'));
    const file = fc.record({
      name,
      data: fc.oneof(
        fc.uint8Array({ maxLength: 3000 }),
        fc.string().map((s) => new TextEncoder().encode(s.repeat(20))),
      ),
      store: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(file, { selector: (f) => f.name, maxLength: 8 }), (files) => {
        const zip = new ZipArchive(writeZip(files, zlibZipCodec, now), 'test.zip', zlibInflate);
        expect(zip.entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
        for (const [i, f] of files.entries()) {
          const entry = zip.entries[i]!;
          expect(zip.read(entry)).toEqual(f.data);
          expect(entry.crc32).toBe(crc32(f.data));
          if (f.store) expect(entry.method).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('deflates what shrinks and stores what does not', () => {
    const text = new TextEncoder().encode('camera '.repeat(1000));
    const zip = new ZipArchive(
      writeZip(
        [
          { name: 'a.txt', data: text },
          { name: 'b.bin', data: new Uint8Array([1]) },
        ],
        zlibZipCodec,
        now,
      ),
      'test.zip',
      zlibInflate,
    );
    expect(zip.entries.map((e) => [e.method, e.compressedSize < e.size])).toEqual([
      [8, true],
      [0, false],
    ]);
  });

  it.each(['', '/abs', '../up', 'a/../b', 'a//b', 'a\\b', 'dir/', './a'])(
    'refuses the name %j',
    (n) => {
      expect(() => writeZip([{ name: n, data: new Uint8Array() }], zlibZipCodec, now)).toThrow(
        /not a relative file name/,
      );
    },
  );

  it('refuses a name given twice', () => {
    const f = { name: 'a', data: new Uint8Array() };
    expect(() => writeZip([f, f], zlibZipCodec, now)).toThrow('"a" is given twice');
  });

  it('writes MS-DOS dates and times (2-second steps, 1980 at the earliest)', () => {
    expect(dosDateTime(now)).toEqual({
      date: ((2026 - 1980) << 9) | (11 << 5) | 30,
      time: (15 << 11) | (4 << 5) | 3,
    });
    expect(dosDateTime('1970-01-01T00:00:00Z')).toEqual({ date: (1 << 5) | 1, time: 0 });
  });
});
