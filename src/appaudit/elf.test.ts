import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { parseElf } from './elf.js';
import { buildElf } from './test-builders.js';

const spec = {
  soname: 'libjiagu.so',
  needed: ['libc.so', 'liblog.so'],
  symbols: ['JNI_OnLoad', 'Java_com_umeng_commonsdk_internal_utils_a'],
  imports: ['malloc'],
};

describe('ELF dynamic section and symbols', () => {
  it.each([
    [64, false, 'arm64', 183],
    [32, false, 'arm', 40],
    [32, true, 'x86', 3],
    [64, true, 'x86_64', 62],
  ] as const)(
    'reads soname, needed and exported symbols (%i bits, big-endian %s)',
    (bits, bigEndian, machine, code) => {
      expect(
        parseElf(buildElf({ ...spec, bits, bigEndian, machine: code }), 'libjiagu.so'),
      ).toEqual({
        bits,
        machine,
        soname: 'libjiagu.so',
        needed: ['libc.so', 'liblog.so'],
        symbols: ['JNI_OnLoad', 'Java_com_umeng_commonsdk_internal_utils_a'],
        sectionless: false,
      });
    },
  );

  it('says when section headers are stripped', () => {
    const bytes = buildElf(spec);
    new DataView(bytes.buffer).setBigUint64(0x28, 0n, true);
    expect(parseElf(bytes).sectionless).toBe(true);
  });

  it('names a file that is not ELF', () => {
    expect(() => parseElf(new Uint8Array(64), 'lib/arm64-v8a/libx.so')).toThrow(
      'lib/arm64-v8a/libx.so:0x0: not an ELF file (bad magic)',
    );
  });
});

describe('ELF parsing is total', () => {
  const sample = buildElf(spec);
  const onlyParseErrors = (bytes: Uint8Array): void => {
    try {
      parseElf(bytes);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
    }
  };

  it('throws only ParseError on random bytes after the magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
        const bytes = new Uint8Array(4 + tail.length);
        bytes.set([0x7f, 0x45, 0x4c, 0x46]);
        bytes.set(tail, 4);
        onlyParseErrors(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws only ParseError on a real object with bytes changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const bytes = sample.slice();
          for (const [at, value] of edits) bytes[at] = value;
          onlyParseErrors(bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
