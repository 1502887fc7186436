import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import type { OsmElement } from './osm-element.js';
import { OsmXmlReader } from './osm-xml.js';

const osm = `<?xml version="1.0" encoding="UTF-8"?>
<!-- written by the test -->
<osm version="0.6" generator="test">
  <bounds minlat="48" minlon="11" maxlat="49" maxlon="12"/>
  <node id="1" version="2" lat="48.1" lon="11.5" user="alice_mapper" uid="4242" changeset="99">
    <tag k="man_made" v="surveillance"/>
    <tag k="operator" v="Caf&#233; &amp; Bar &quot;X&quot; &lt;3"/>
    <tag k='note' v='a > b'/>
  </node>
  <node id="2" lat="48.2" lon="11.6"/>
  <way id="10" version="1">
    <nd ref="1"/><nd ref="2"/>
    <tag k="man_made" v="surveillance"/>
  </way>
  <relation id="20"><member type="way" ref="10" role=""/><tag k="type" v="multipolygon"/></relation>
</osm>
`;

const osc = `<osmChange version="0.6">
  <create><node id="5" version="1" lat="1" lon="2"><tag k="man_made" v="surveillance"/></node></create>
  <modify><node id="6" version="3" lat="1" lon="2"><tag k="highway" v="street_lamp"/></node></modify>
  <delete><node id="7" version="4"/></delete>
  <node id="8" lat="0" lon="0"/>
</osmChange>`;

function readAll(text: string, chunk = text.length): OsmElement[] {
  const r = new OsmXmlReader('test.osm');
  const out: OsmElement[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...r.push(text.slice(i, i + chunk)));
  out.push(...r.end());
  return out;
}

describe('OsmXmlReader', () => {
  it('reads nodes, ways and relations with tags, decoding entities', () => {
    const els = readAll(osm);
    expect(els.map((e) => `${e.type}${e.id}`)).toEqual(['node1', 'node2', 'way10', 'relation20']);
    expect(els[0]).toEqual({
      type: 'node',
      id: 1,
      version: 2,
      lat: 48.1,
      lon: 11.5,
      position: 'line 5',
      tags: { man_made: 'surveillance', operator: 'Café & Bar "X" <3', note: 'a > b' },
    });
    expect(els[2]).toMatchObject({ type: 'way', refs: [1, 2], position: 'line 11' });
  });

  it('never passes on who edited', () => {
    expect(JSON.stringify(readAll(osm))).not.toMatch(/alice_mapper|4242|changeset/);
  });

  it.each([1, 2, 3, 7, 64])('gives the same elements fed %i characters at a time', (n) => {
    expect(readAll(osm, n)).toEqual(readAll(osm));
    expect(readAll(osc, n)).toEqual(readAll(osc));
  });

  it('marks osmChange elements with their action', () => {
    expect(readAll(osc).map((e) => [e.id, e.action])).toEqual([
      [5, 'create'],
      [6, 'modify'],
      [7, 'delete'],
      [8, undefined],
    ]);
    expect(readAll(osc)[2]).toMatchObject({ lat: NaN, lon: NaN });
  });

  it('reads Overpass XML centres and way geometry', () => {
    const els = readAll(
      `<osm><way id="3"><center lat="1.5" lon="2.5"/><nd ref="1" lat="1" lon="2"/><nd ref="2" lat="2" lon="3"/></way></osm>`,
    );
    expect(els[0]).toMatchObject({
      center: { lat: 1.5, lon: 2.5 },
      geometry: [
        { lat: 1, lon: 2 },
        { lat: 2, lon: 3 },
      ],
    });
  });

  it.each([
    ['<html><body/></html>', 'line 1', 'not OSM XML: the root element is <html>'],
    ['<?xml version="1.0"?>\n<!DOCTYPE osm [<!ENTITY x "y">]><osm/>', 'line 2', 'DOCTYPE'],
    ['<osm>\n<node id="1"><![CDATA[x]]></node></osm>', 'line 2', 'CDATA'],
    ['<osm>\n<node id="1" lat="1" lon="2">\n', 'line 3', 'truncated'],
    ['<osm>\n\n<node id="x"/></osm>', 'line 3', 'with id "x"'],
    ['<osm><node id="1"><tag k="a" v="&bogus;"/></node></osm>', 'line 1', 'unknown entity &bogus;'],
    ['<osm><node id="1"><node id="2"/></node></osm>', 'line 1', '<node> inside <node>'],
    ['<osm>\n<node id="1">\n</way></osm>', 'line 3', '</way> where </node> was expected'],
    ['', 'line 1', 'no OSM XML'],
    ['<osm><node id="1" lat="1', 'line 1', 'ends inside a tag'],
  ])('refuses %j at %s', (text, position, message) => {
    let err: unknown;
    try {
      readAll(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toBe(position);
    expect((err as ParseError).message).toContain(message);
    expect((err as ParseError).message).toMatch(/^test\.osm:line \d+: /);
  });

  it('bounds a tag, the tags of an element and the nodes of a way', () => {
    const limits = { maxElementChars: 100, maxTags: 2, maxRefs: 2 };
    const read = (t: string) => () => {
      const r = new OsmXmlReader('x.osm', limits);
      r.push(t);
      r.end();
    };
    expect(read(`<osm><node id="1" a="${'x'.repeat(200)}`)).toThrow(/longer than 100/);
    expect(read('<osm><node id="1"><tag k="a"/><tag k="b"/><tag k="c"/></node></osm>')).toThrow(
      /more than 2 tags/,
    );
    expect(read('<osm><way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/></way></osm>')).toThrow(
      /more than 2 nodes/,
    );
  });

  it('throws nothing but ParseError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (s, n) => {
        try {
          readAll(`<osm>${s}`, n);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }),
    );
  });
});
