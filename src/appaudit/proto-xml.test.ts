import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { parseAxml } from './axml.js';
import { readManifest } from './manifest.js';
import { parseProtoXml } from './proto-xml.js';
import { buildAxml, buildProtoXml, manifestSpec } from './test-builders.js';

const spec = manifestSpec({
  package: 'org.example.bundle',
  versionCode: 7,
  versionName: '0.7',
  permissions: ['android.permission.ACCESS_FINE_LOCATION'],
  components: [{ kind: 'service', name: 'com.igexin.sdk.PushService' }],
  metaData: [{ name: 'GETUI_APPID', value: 'x1' }],
});

describe('App Bundle protobuf manifest', () => {
  it('reads to the same manifest as the binary XML form', () => {
    const fromProto = readManifest(parseProtoXml(buildProtoXml(spec)));
    expect(fromProto).toEqual(readManifest(parseAxml(buildAxml(spec))));
    expect(fromProto).toMatchObject({
      package: 'org.example.bundle',
      versionCode: 7,
      allowBackup: true,
    });
  });

  it('throws only ParseError on changed bytes', () => {
    const sample = buildProtoXml(spec);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const bytes = sample.slice();
          for (const [at, value] of edits) bytes[at] = value;
          try {
            readManifest(parseProtoXml(bytes));
          } catch (error) {
            if (!(error instanceof ParseError)) throw error;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses nesting past its depth limit', () => {
    let node: { name: string; children?: { name: string }[] } = { name: 'leaf' };
    for (let i = 0; i < 100; i++) node = { name: 'x', children: [node] };
    expect(() => parseProtoXml(buildProtoXml(node), 'deep.xml')).toThrow('XML nested too deeply');
  });
});
