// Copy hosts: which addresses are mirrors, scrapers, dumps or staging hosts, and what a source on
// one of them lacks.
import { describe, expect, it } from 'vitest';
import { copyHostKind, copyProblem, hasCanonicalUrl, hostOf } from './source-hosts.js';

describe('copy hosts', () => {
  it('reads the host of a URL without www, port or credentials', () => {
    expect(hostOf('https://www.Example.com:8080/a?b#c')).toBe('example.com');
    expect(hostOf('http://user@readkong.com/page/x')).toBe('readkong.com');
    expect(hostOf('not a url')).toBeUndefined();
  });

  it('knows mirrors, scrapers, dumps and staging hosts, sub-domains included', () => {
    expect(copyHostKind('https://www.wikiwand.com/en/Hikvision')).toBe('encyclopedia-mirror');
    expect(copyHostKind('https://biometricupdate308.rssing.com/chan-1/article855.html')).toBe(
      'scraper',
    );
    expect(copyHostKind('https://www.readkong.com/page/x')).toBe('document-dump');
    expect(copyHostKind('https://techwormaw.pages.dev/posts/x')).toBe('staging');
    expect(copyHostKind('https://staging.example.org/story')).toBe('staging');
    expect(copyHostKind('https://d1y0ruayo3dv34.cloudfront.net/en/1')).toBe('staging');
  });

  it('leaves publishers alone, including names that merely contain a copy host', () => {
    expect(
      copyHostKind('https://www.csis.org/analysis/watching-huaweis-safe-cities'),
    ).toBeUndefined();
    expect(copyHostKind('https://notreadkong.com/x')).toBeUndefined();
    expect(copyHostKind('https://allafrica.com/stories/202111040537.html')).toBeUndefined();
  });

  it('a source has a canonical url only when url exists and is not a copy', () => {
    expect(hasCanonicalUrl({ url: 'https://www.dw.com/en/a' })).toBe(true);
    expect(
      hasCanonicalUrl({ url: 'https://www.dw.com/en/a', readAt: 'https://effizziemagz.com/a' }),
    ).toBe(true);
    expect(hasCanonicalUrl({ readAt: 'https://effizziemagz.com/a' })).toBe(false);
    expect(hasCanonicalUrl({ url: 'https://effizziemagz.com/a' })).toBe(false);
    expect(hasCanonicalUrl({})).toBe(false);
  });

  it('names what is wrong: a copy as url, or a copy read with no canonical url', () => {
    expect(
      copyProblem({ url: 'https://www.dw.com/en/a', readAt: 'https://effizziemagz.com/a' }),
    ).toBeUndefined();
    expect(copyProblem({ url: 'https://docslib.org/doc/1' })).toBe(
      "url docslib.org is a document dump host, a copy: give the publisher's own page as url and keep this one as readAt",
    );
    expect(copyProblem({ readAt: 'https://nybreaking.com/x' })).toBe(
      'read on a scraper host (nybreaking.com) with no canonical url',
    );
    // A copy on a host not (yet) listed is not reported, only counted as lacking a canonical url.
    expect(copyProblem({ readAt: 'https://wsau.com/x' })).toBeUndefined();
  });
});
