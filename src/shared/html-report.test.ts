import { describe, expect, it } from 'vitest';
import { citeSources, esc, htmlReport } from './html-report.js';

describe('html report shell', () => {
  it('escapes, lists only the cited sources it knows, and allows no script or request', () => {
    const cited = new Set<string>();
    const body = `<p>${citeSources(['s1', 'gone'], cited)}</p>`;
    const html = htmlReport({
      title: 'a <b> audit',
      heading: 'Audit',
      note: 'x & y',
      body,
      cited,
      sources: new Map([
        [
          's1',
          {
            id: 's1',
            publisher: 'P"ub',
            url: 'https://example.org/?a=1&b=2',
            title: 'T',
            date: '2026',
          },
        ],
      ]),
    });
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).toContain('<title>a &lt;b&gt; audit</title>');
    expect(html).toContain('<small>x &amp; y</small>');
    expect(html).toContain('<a href="#src-s1">s1</a> <a href="#src-gone">gone</a>');
    expect(html).toContain(
      '<ol><li id="src-s1">P&quot;ub, <a href="https://example.org/?a=1&amp;b=2">T</a> (2026)</li></ol>',
    );
    expect(html).not.toMatch(/<script/i);
    expect(esc(`'"`)).toBe('&#39;&quot;');
  });
});
