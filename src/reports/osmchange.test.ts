// The osmChange file: the wiki's tags from what was reported, nothing about the reporter, and XML
// that the project's own OSM reader reads back to the same values whatever the text holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OsmElement } from '../fieldmap/index.js';
import { OsmXmlReader } from '../fieldmap/osm-xml.js';
import type { StoredReport } from '../store/index.js';
import { osmTagsOf, reportsOsmChange } from './osmchange.js';

const report = (fields: StoredReport['fields'], id = 'r1'): StoredReport => ({
  id,
  day: '2026-11-30',
  lat: 44.81705,
  lon: 20.45715,
  status: 'accepted',
  fields,
});

function readBack(xml: string): OsmElement[] {
  const reader = new OsmXmlReader('test.osc');
  return [...reader.push(xml), ...reader.end()];
}

describe('reportsOsmChange', () => {
  it('creates one node per report with negative ids and the wiki tags, no note or source', () => {
    const xml = reportsOsmChange(
      [
        report({
          type: 'camera',
          cameraType: 'dome',
          direction: 135,
          brand: 'Hikvision',
          model: 'DS-2CD2143',
          operatorSign: 'City of Belgrade',
          note: 'seen from my flat at no. 5',
        }),
        report({ type: 'other' }, 'r2'),
      ],
      'sousveil 0.1.0',
    );
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<osmChange version="0.6" generator="sousveil 0.1.0">/,
    );
    expect(xml).not.toMatch(/no\. 5|source|2026-11-30|user|uid|changeset/);
    const nodes = readBack(xml);
    expect(nodes.map((n) => [n.type, n.id, n.action])).toEqual([
      ['node', -1, 'create'],
      ['node', -2, 'create'],
    ]);
    expect(nodes[0]).toMatchObject({ lat: 44.81705, lon: 20.45715 });
    expect(nodes[0]?.tags).toEqual({
      man_made: 'surveillance',
      'surveillance:type': 'camera',
      'camera:type': 'dome',
      'camera:direction': '135',
      brand: 'Hikvision',
      model: 'DS-2CD2143',
      operator: 'City of Belgrade',
    });
    expect(nodes[1]?.tags).toEqual({ man_made: 'surveillance' });
  });

  it('writes an empty change without a create block', () => {
    expect(readBack(reportsOsmChange([], 'sousveil'))).toEqual([]);
  });

  it('escapes markup in values and drops characters XML cannot hold', () => {
    const tags = Object.fromEntries(
      osmTagsOf(report({ type: 'ALPR', brand: `<"&'>`, operatorSign: 'a\u0001b\tc\nd' })),
    );
    expect(tags).toMatchObject({ brand: `<"&'>`, operator: 'a\u0001b c d' });
    const xml = reportsOsmChange(
      [report({ type: 'ALPR', brand: `<"&'>`, operatorSign: 'a\u0001b' })],
      'sousveil "x" <y>',
    );
    expect(xml).toContain('v="&lt;&quot;&amp;&apos;&gt;"');
    expect(readBack(xml)[0]?.tags).toMatchObject({ brand: `<"&'>`, operator: 'a\ufffdb' });
  });

  it('reads back the same values whatever the text holds', () => {
    const printable = fc.string({ unit: 'grapheme', maxLength: 40 });
    fc.assert(
      fc.property(printable, printable, (brand, operatorSign) => {
        const r = report({ type: 'camera', brand, operatorSign });
        const expected = Object.fromEntries(osmTagsOf(r));
        expect(readBack(reportsOsmChange([r], 'sousveil'))[0]?.tags).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('cuts values to 255 characters on one line', () => {
    const tags = Object.fromEntries(osmTagsOf(report({ type: 'camera', brand: 'é'.repeat(300) })));
    expect(tags.brand).toBe('é'.repeat(255));
  });
});
