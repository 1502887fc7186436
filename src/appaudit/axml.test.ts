import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { parseAxml } from './axml.js';
import { readManifest } from './manifest.js';
import { buildAxml, manifestSpec } from './test-builders.js';

const spec = manifestSpec({
  package: 'org.example.reader',
  versionCode: 42,
  versionName: '4.2 β',
  permissions: ['android.permission.INTERNET', 'android.permission.READ_PHONE_STATE'],
  components: [
    { kind: 'activity', name: '.MainActivity' },
    { kind: 'service', name: 'cn.jpush.android.service.PushService' },
    { kind: 'receiver', name: 'Boot' },
  ],
  metaData: [{ name: 'JPUSH_APPKEY', value: 'abc123' }],
});

const expected = {
  package: 'org.example.reader',
  versionCode: 42,
  versionName: '4.2 β',
  minSdk: 21,
  targetSdk: 34,
  permissions: ['android.permission.INTERNET', 'android.permission.READ_PHONE_STATE'],
  definedPermissions: [],
  components: [
    { kind: 'activity', name: 'org.example.reader.MainActivity' },
    { kind: 'service', name: 'cn.jpush.android.service.PushService' },
    { kind: 'receiver', name: 'org.example.reader.Boot' },
  ],
  metaData: [{ name: 'JPUSH_APPKEY', value: 'abc123' }],
  debuggable: false,
  allowBackup: true,
};

describe('binary XML manifest', () => {
  it.each([false, true])(
    'reads identity, SDK levels, permissions, components and meta-data (utf8 %s)',
    (utf8) => {
      expect(readManifest(parseAxml(buildAxml(spec, { utf8 })))).toEqual(expected);
    },
  );

  it('uses resource ids when attribute names are obfuscated', () => {
    const bytes = buildAxml(spec);
    const text = Buffer.from(bytes).toString('latin1');
    // Rename every UTF-16 "versionCode"/"name" string to same-length junk.
    const renamed = text
      .replaceAll('v\0e\0r\0s\0i\0o\0n\0C\0o\0d\0e\0', 'x\0x\0x\0x\0x\0x\0x\0x\0x\0x\0x\0')
      .replaceAll('\0n\0a\0m\0e\0\0', '\0q\0q\0q\0q\0\0');
    const manifest = readManifest(parseAxml(Uint8Array.from(Buffer.from(renamed, 'latin1'))));
    expect(manifest.versionCode).toBe(42);
    expect(manifest.permissions).toEqual(expected.permissions);
  });

  it('tolerates a file header of type 0 (hardened APKs)', () => {
    const bytes = buildAxml(spec);
    bytes[0] = 0;
    expect(readManifest(parseAxml(bytes)).package).toBe('org.example.reader');
  });

  it('says plainly when the bytes are not binary XML', () => {
    expect(() => parseAxml(new TextEncoder().encode('<manifest/>'), 'AndroidManifest.xml')).toThrow(
      'AndroidManifest.xml:0x0: not binary XML (bad file header)',
    );
  });
});

describe('AXML parsing is total', () => {
  const sample = buildAxml(spec);
  const onlyParseErrors = (bytes: Uint8Array): void => {
    try {
      readManifest(parseAxml(bytes));
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
    }
  };

  it('throws only ParseError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (tail) => {
        const bytes = new Uint8Array(8 + tail.length);
        bytes.set([3, 0, 8, 0, 0xff, 0xff, 0, 0]);
        bytes.set(tail, 8);
        onlyParseErrors(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws only ParseError on a real manifest with bytes changed', () => {
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
