// Hosts that serve copies rather than the canonical page (pure): encyclopedia mirrors, scraper and
// aggregator sites, blogs that repost articles whole, document-dump sites, CDN and staging hosts.
// A source read on one of them should name the publisher's own page as `url` and keep the copy
// as `readAt`; `kb check` and `atlas check` report the ones that do not. Hosts were added as the
// fact-check of issue 16 found them; the list names hosts, not publishers, so a newspaper that
// republishes agency copy under licence (AllAfrica, PressReader editions) is a publisher, not here.

/** Why a host serves copies. */
export type CopyHostKind =
  'encyclopedia-mirror' | 'scraper' | 'repost-blog' | 'document-dump' | 'staging';

/** Known copy hosts by registrable name; a sub-domain of one counts as it. */
export const COPY_HOSTS: Readonly<Record<string, CopyHostKind>> = {
  // Encyclopedia mirrors
  'wikiwand.com': 'encyclopedia-mirror',
  'wikisum.wiki': 'encyclopedia-mirror',
  'everybodywiki.com': 'encyclopedia-mirror',
  'alchetron.com': 'encyclopedia-mirror',
  'hubbry.com': 'encyclopedia-mirror',
  'infogalactic.com': 'encyclopedia-mirror',
  'en-academic.com': 'encyclopedia-mirror',
  'academic-accelerator.com': 'encyclopedia-mirror',
  'dbpedia.org': 'encyclopedia-mirror',
  'wiki2.org': 'encyclopedia-mirror',
  'justapedia.org': 'encyclopedia-mirror',
  'worddisk.com': 'encyclopedia-mirror',
  'wikipedia-on-ipfs.org': 'encyclopedia-mirror',
  'kiwix.casplantje.nl': 'encyclopedia-mirror',
  // Scraper and spun-copy sites
  'rssing.com': 'scraper',
  'earthinfonow.com': 'scraper',
  'effizziemagz.com': 'scraper',
  'hackerpranks.com': 'scraper',
  'langfanglongye.com': 'scraper',
  'ensoundmedia.com': 'scraper',
  'diacrongroup.com': 'scraper',
  'viewpoint.net.in': 'scraper',
  'himalayaustralia.com.au': 'scraper',
  'newscenter.xyz': 'scraper',
  'hoholok.com': 'scraper',
  'weekdaypress.com': 'scraper',
  'network-securitas.com': 'scraper',
  'newzone.eu': 'scraper',
  'nybreaking.com': 'scraper',
  'trending24x7.com': 'scraper',
  'vitaminpatchesonline.com': 'scraper',
  'huangqiao.js.cn': 'scraper',
  'shenbo75.com': 'scraper',
  'codagraphics.com': 'scraper',
  'paratublog.com': 'scraper',
  'prognoznews.co.uk': 'scraper',
  'roccarainola.net': 'scraper',
  'tellerreport.com': 'scraper',
  'whiskylegs.com': 'scraper',
  'newssummedup.com': 'scraper',
  'cryptospotters.net': 'scraper',
  'agentxp.net': 'scraper',
  // Blogs and company sites that repost whole articles
  'strategicstudyindia.com': 'repost-blog',
  'strategicstudyindia.blogspot.com': 'repost-blog',
  'bomspakistan.org': 'repost-blog',
  'dailymailnews.pk': 'repost-blog',
  'assomac.it': 'repost-blog',
  'sireinformatica.it': 'repost-blog',
  'jtm5503.blogspot.com': 'repost-blog',
  'ubcckengaren.blogspot.com': 'repost-blog',
  '76003dot1414.blogspot.com': 'repost-blog',
  // Document dumps
  'readkong.com': 'document-dump',
  'docslib.org': 'document-dump',
  'issuhub.com': 'document-dump',
  'wixlib.com': 'document-dump',
  // CDN and staging hosts (a publisher's page served from its build or CDN host)
  'cloudfront.net': 'staging',
  'pangea-cms.com': 'staging',
  'arcpublishing.com': 'staging',
  'pages.dev': 'staging',
};

/** The host of a URL, lower-case and without `www.`; undefined when it does not parse. */
export function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/i.exec(url.trim());
  return m?.[1]
    ?.toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

/** Why `url` is a copy: its host (or a parent domain) is a known copy host, or a staging host. */
export function copyHostKind(url: string): CopyHostKind | undefined {
  const host = hostOf(url);
  if (host === undefined) return undefined;
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
    const kind = COPY_HOSTS[h];
    if (kind !== undefined) return kind;
  }
  return /^(staging|stage|preview|dev|test)[.-]/.test(host) ? 'staging' : undefined;
}

/** A source's addresses: `url` is the canonical page, `readAt` where a copy was read. */
export interface SourceAddresses {
  url?: string | undefined;
  readAt?: string | undefined;
}

/**
 * Whether a source has a canonical address: a `url` that is not itself on a copy host. A source
 * read only on a copy (no `url`) or whose `url` is a copy has none.
 */
export function hasCanonicalUrl(s: SourceAddresses): boolean {
  return s.url !== undefined && copyHostKind(s.url) === undefined;
}

/**
 * Why a source needs a canonical address, or undefined: its `url` is on a copy host, or it was read
 * on a copy host (`readAt`) and names no `url`.
 */
export function copyProblem(s: SourceAddresses): string | undefined {
  if (s.url !== undefined) {
    const kind = copyHostKind(s.url);
    if (kind === undefined) return undefined;
    return `url ${hostOf(s.url) ?? s.url} is ${kindText(kind)} host, a copy: give the publisher's own page as url and keep this one as readAt`;
  }
  if (s.readAt !== undefined) {
    const kind = copyHostKind(s.readAt);
    if (kind !== undefined)
      return `read on ${kindText(kind)} host (${hostOf(s.readAt) ?? s.readAt}) with no canonical url`;
  }
  return undefined;
}

const kindText = (kind: CopyHostKind): string => {
  const words = kind.replace('-', ' ');
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
};
