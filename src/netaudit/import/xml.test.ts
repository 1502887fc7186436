import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { childText, findAll, parseXml } from './xml.js';

describe('parseXml', () => {
  it('builds a tree with attributes, text, CDATA and namespaces', () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<!-- c --><a:root xmlns:a="urn:x" k='v &amp; w'>` +
        `<a:item n="1">one &lt;1&gt; &#x41;&#66;</a:item><item n="2"><![CDATA[<raw>&amp;]]></item><empty/></a:root>`,
    );
    expect(root.name).toBe('a:root');
    expect(root.attrs).toEqual({ 'xmlns:a': 'urn:x', k: 'v & w' });
    expect(findAll(root, 'item').map((e) => e.text)).toEqual(['one <1> AB', '<raw>&amp;']);
    expect(childText(root, 'item')).toBe('one <1> AB');
    expect(childText(root, 'empty')).toBeUndefined();
  });

  it('normalizes literal newlines in attributes but keeps &#xa;', () => {
    expect(parseXml('<a v="x\ny&#xa;z"/>').attrs.v).toBe('x y\nz');
  });

  it('leaves unknown entities as written', () => {
    expect(parseXml('<a>&lol; &#0; &#x110000;</a>').text).toBe('&lol; &#0; &#x110000;');
  });

  it.each([
    ['', 'no root element'],
    ['<a>', 'never closed'],
    ['<a></b>', 'unexpected </b>'],
    ['<a/><b/>', 'second root'],
    ['text<a/>', 'text outside'],
    ['<a b="1" b="2"/>', 'duplicate attribute'],
    ['<a b=1/>', 'not quoted'],
    ['<a b="<"/>', '< in attribute'],
    ['<a><!-- x</a>', 'unterminated comment'],
    ['<!ENTITY x "y"><a/>', 'markup declarations are refused'],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 'internal subsets are refused'],
    ['<a>' + '<b>'.repeat(300), 'nesting deeper than 256'],
  ])('rejects %j', (text, message) => {
    expect(() => parseXml(text)).toThrow(ParseError);
    expect(() => parseXml(text)).toThrow(message);
  });

  it('names the line and column of an error', () => {
    expect(() => parseXml('<a>\n  </b>')).toThrow('xml:line 2 col 3');
  });

  it('bounds the number of elements', () => {
    expect(() => parseXml(`<a>${'<b/>'.repeat(11)}</a>`, { maxNodes: 10 })).toThrow(
      'more than 10 elements',
    );
  });

  it('does not expand a billion laughs', () => {
    const laughs = [`<!ENTITY lol "lol">`];
    for (let k = 1; k <= 9; k++) laughs.push(`<!ENTITY lol${k} "${`&lol${k - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [${laughs.join('')}]><lolz>&lol9;</lolz>`;
    expect(() => parseXml(bomb.replace('&lol0;', '&lol;'))).toThrow(ParseError);
    // Without the DTD the reference is plain text, never expanded.
    expect(parseXml('<lolz>&lol9;</lolz>').text).toBe('&lol9;');
  });

  it('handles deep input without recursion when allowed', () => {
    const deep = '<a>'.repeat(5000) + '</a>'.repeat(5000);
    expect(findAll(parseXml(deep, { maxDepth: 6000 }), 'a')).toHaveLength(5000);
  });

  it('never throws anything but ParseError', () => {
    const xmlish = fc
      .array(
        fc.constantFrom(
          '<',
          '>',
          '/',
          '<a',
          '</a>',
          '<b x="1">',
          '"',
          "'",
          '&amp;',
          '&#x',
          '<!--',
          '-->',
          '<![CDATA[',
          ']]>',
          '<?',
          '?>',
          '<!DOCTYPE',
          '[',
          ']',
          ' ',
          '=',
          'a',
          ':',
          '&',
        ),
        { maxLength: 200 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(xmlish, fc.string({ unit: 'binary', maxLength: 500 })), (text) => {
        try {
          parseXml(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on large hostile input', () => {
    const inputs = ['<'.repeat(200_000), '<a x="'.repeat(50_000), `<a>${'&'.repeat(200_000)}</a>`];
    for (const text of inputs) {
      try {
        parseXml(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
      }
    }
  });
});
