// Vendors: the list with coverage, and a vendor's page with ownership, relations and brands,
// restrictions on a timeline, fingerprints, advisories and the projects it supplied.
import { get } from '../api.js';
import { external, h, table } from '../dom.js';
import type { SubjectView } from '../types.js';
import { subjectBody } from './country.js';

interface VendorRow {
  id: string;
  name: string;
  kind: string;
  country: string;
  maker: string;
  covered: boolean;
  category: string;
}

interface VendorPage {
  vendor: {
    id: string;
    name: string;
    country: string;
    kind: string;
    aliases: string[];
    legalNames: string[];
    makes: string[];
    stateOwnership?: { summary: string; controller?: string };
  };
  verdict: { maker: { id: string; name: string }; covered: boolean; category: string };
  relations: Array<{
    type: string;
    from: string;
    to: string;
    fromName: string;
    toName: string;
    since?: string;
    until?: string;
    confidence: string;
  }>;
  restrictions: Array<{
    id: string;
    short: string;
    title: string;
    jurisdiction: string;
    effective: string;
    announced?: string;
    until?: string;
    status?: string;
  }>;
  fingerprints: Array<{
    id: string;
    kind: string;
    pattern: string;
    example?: string;
    weight: number;
  }>;
  macPrefixes: number;
  advisories: Array<{ id: string; title: string; kev?: { added: string } }>;
  atlas: SubjectView;
  sources: Array<{ id: string; title?: string; url?: string; publisher?: string; date?: string }>;
}

export async function vendorsPage(main: HTMLElement): Promise<void> {
  const vendors = await get<VendorRow[]>('/vendors');
  main.append(
    h('h1', {}, 'Vendors'),
    h(
      'p',
      { class: 'lede' },
      'Makers and the brands they sell under, with their status under the US federal equipment rules (NDAA §889, FCC Covered List).',
    ),
    table(
      `${vendors.length} vendors`,
      ['Vendor', 'Country', 'Kind', 'Maker', 'Covered'],
      vendors.map((v) => [
        h('a', { href: `#/vendor/${v.id}` }, v.name),
        v.country,
        v.kind,
        v.maker === v.id ? '—' : v.maker,
        v.covered ? `yes (${v.category})` : v.category,
      ]),
    ),
  );
}

export async function vendorPage(main: HTMLElement, id: string): Promise<void> {
  const p = await get<VendorPage>(`/vendors/${encodeURIComponent(id)}`);
  const v = p.vendor;
  const rel = (r: VendorPage['relations'][number]): string =>
    `${r.fromName} is ${r.type === 'oem' ? 'an OEM rebrand of' : `a ${r.type} of`} ${r.toName}${r.since ? ` since ${r.since}` : ''}${r.until ? ` until ${r.until}` : ''} (${r.confidence} confidence)`;
  main.append(
    h('h1', {}, v.name),
    h(
      'p',
      { class: 'lede' },
      `${v.kind === 'brand' ? 'Brand' : 'Company'} based in ${v.country}. `,
      p.verdict.maker.id !== v.id ? `Equipment made by ${p.verdict.maker.name}. ` : '',
      h(
        'span',
        { class: `badge ${p.verdict.covered ? 'warn' : 'ok'}` },
        p.verdict.covered ? `covered (${p.verdict.category})` : p.verdict.category,
      ),
    ),
    v.stateOwnership !== undefined
      ? h('section', {}, h('h2', {}, 'Ownership'), h('p', {}, v.stateOwnership.summary))
      : '',
    h(
      'section',
      {},
      h('h2', {}, 'Relations and brands'),
      p.relations.length === 0
        ? h('p', { class: 'muted' }, 'None recorded.')
        : h(
            'ul',
            {},
            p.relations.map((r) =>
              h('li', {}, h('a', { href: `#/vendor/${r.from === v.id ? r.to : r.from}` }, rel(r))),
            ),
          ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'restrictions-h' },
      h('h2', { id: 'restrictions-h' }, 'Restrictions'),
      p.restrictions.length === 0
        ? h('p', { class: 'muted' }, 'None recorded.')
        : h(
            'ol',
            { class: 'timeline' },
            [...p.restrictions]
              .sort((a, b) => a.effective.localeCompare(b.effective))
              .map((r) =>
                h(
                  'li',
                  {},
                  h('time', { datetime: r.effective }, r.effective),
                  ' ',
                  h('strong', {}, r.short),
                  ` (${r.jurisdiction}${r.status ? `, ${r.status}` : ''}) — ${r.title}`,
                  r.until ? ` Until ${r.until}.` : '',
                ),
              ),
          ),
    ),
    table(
      `Fingerprints (${p.fingerprints.length}, plus ${p.macPrefixes} MAC prefixes)`,
      ['Kind', 'Pattern', 'Example', 'Weight'],
      p.fingerprints.map((f) => [
        f.kind,
        h('code', {}, f.pattern),
        f.example ?? '',
        String(f.weight),
      ]),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Advisories'),
      p.advisories.length === 0
        ? h('p', { class: 'muted' }, 'None recorded.')
        : h(
            'ul',
            {},
            p.advisories.map((a) =>
              h(
                'li',
                {},
                h('strong', {}, a.id),
                ` — ${a.title}${a.kev ? ` (CISA KEV since ${a.kev.added})` : ''}`,
              ),
            ),
          ),
    ),
    ...subjectBody(p.atlas).filter(
      (n) => !(n instanceof HTMLElement && n.querySelector('#sources-h')),
    ),
    h(
      'section',
      {},
      h('h2', { id: 'sources-h' }, 'Sources'),
      h(
        'ul',
        { class: 'sources' },
        [...p.sources, ...p.atlas.sources].map((s) =>
          h('li', {}, external(s.url, s.title ?? s.id), s.publisher ? ` — ${s.publisher}` : ''),
        ),
      ),
    ),
  );
}
