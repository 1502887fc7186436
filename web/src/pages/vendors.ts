// Vendors: the list, and each vendor's page — what the kb says (ownership and brands with dates,
// the restrictions that reach it, fingerprints, advisories) and what the atlas records (projects,
// figures), every record citing the page's numbered sources.
import { get } from '../api.js';
import { h, table } from '../dom.js';
import { downloads } from '../parts/download.js';
import { figures } from '../parts/figures.js';
import { projectsTable } from '../parts/projects-table.js';
import { cite, citeThis, sourceList } from '../parts/sources.js';
import { verdictSections } from '../parts/verdict.js';
import type { FirmwareScanSummary, SdkItem, VendorItem, VendorPage } from '../types.js';

export async function vendorsPage(main: HTMLElement): Promise<void> {
  const vendors = await get<VendorItem[]>('/vendors');
  main.append(
    h('h1', {}, 'Vendors'),
    h(
      'p',
      { class: 'lede' },
      'Makers and the brands they sell under, with their status under the US federal equipment rules (NDAA §889, FCC Covered List).',
    ),
    downloads('/vendors', {}, 'vendors'),
    table(
      `${vendors.length} vendors`,
      ['Vendor', 'Country', 'Kind', 'Maker', 'Status'],
      vendors.map((v) => [
        h('a', { href: `/vendors/${v.id}` }, v.name),
        v.country.name,
        v.kindLabel,
        v.maker.id === v.id ? '—' : h('a', { href: `/vendors/${v.maker.id}` }, v.maker.name),
        v.covered ? `covered: ${v.categoryLabel}` : v.categoryLabel,
      ]),
    ),
  );
}

/** The app SDKs this vendor makes, linked to their pages; nothing when it makes none. */
function vendorSdks(sdks: readonly SdkItem[]): Node | string {
  if (sdks.length === 0) return '';
  return h(
    'section',
    {},
    h('h2', {}, 'App SDKs it makes'),
    h(
      'ul',
      { class: 'vendor-sdks' },
      sdks.map((s) =>
        h(
          'li',
          {},
          h('a', { href: `/sdks/${s.id}` }, s.name),
          ` — ${s.categories.join(', ')}; found in ${s.appCount} saved app audit${s.appCount === 1 ? '' : 's'}`,
        ),
      ),
    ),
  );
}

export async function vendorPage(main: HTMLElement, id: string): Promise<void> {
  const [p, sdks, firmware] = await Promise.all([
    get<VendorPage>(`/vendors/${encodeURIComponent(id)}`),
    get<SdkItem[]>('/sdks'),
    get<FirmwareScanSummary[]>('/firmware', { maker: id, limit: '50' }),
  ]);
  main.append(
    h('h1', {}, p.vendor.name),
    h(
      'p',
      { class: 'lede' },
      `${p.vendor.kindLabel === 'brand' ? 'A brand' : 'A company'} based in ${p.vendor.country.name}. `,
      p.maker.id !== p.vendor.id
        ? [
            'Its equipment is made by ',
            h('a', { href: `/vendors/${p.maker.id}` }, p.maker.name),
            '. ',
          ]
        : '',
      cite(p.cites),
    ),
    p.legalNames.length > 0
      ? h('p', { class: 'muted' }, `Legal names: ${p.legalNames.join('; ')}.`)
      : '',
    p.note !== undefined ? h('p', {}, p.note) : '',
    citeThis(p.vendor.name, p.sources, `sousveil-${p.vendor.id}`),
    h('div', { class: 'verdict' }, verdictSections(p)),
    firmware.length === 0
      ? ''
      : h(
          'section',
          {},
          h('h2', {}, 'Firmware seen'),
          table(
            `${firmware.length} firmware audit(s) of its images`,
            ['Audit', 'File', 'Brand', 'Version', 'Built', 'Affected (KEV)'],
            firmware.map((f) => [
              h('a', { href: `/firmware/${f.id}` }, `Audit ${f.id}`),
              f.file,
              f.brand ?? '—',
              f.version ?? '—',
              f.buildDate ?? '—',
              `${f.affectedCount} (${f.kevCount})`,
            ]),
          ),
        ),
    h(
      'section',
      {},
      h('h2', {}, 'How its equipment is recognised on a network'),
      p.fingerprints.length === 0
        ? h('p', { class: 'muted' }, 'No fingerprint recorded.')
        : table(
            `${p.fingerprints.length} fingerprints`,
            ['What', 'Pattern', 'Example', 'Weight', 'Sources'],
            p.fingerprints.map((f) => [
              f.kindLabel + (f.brand !== undefined ? ` (brand ${f.brand.name})` : ''),
              h('code', {}, f.pattern),
              h('code', {}, f.example),
              String(f.weight),
              cite(f.cites),
            ]),
          ),
      p.macPrefixes.count > 0
        ? h(
            'p',
            {},
            `${p.macPrefixes.count} MAC address blocks registered with the IEEE by `,
            p.macPrefixes.registrants.flatMap((r, i) => [i > 0 ? '; ' : '', h('code', {}, r)]),
            ' ',
            cite(p.macPrefixes.cites),
          )
        : '',
    ),
    vendorSdks(sdks.filter((s) => s.vendor?.id === p.vendor.id)),
    p.alternatives.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Not covered alternatives in this category'),
          h(
            'p',
            { class: 'muted' },
            'Makers in the knowledge base that no restriction reaches, for each kind of device this vendor makes. A list of what the sources record, not an endorsement or a market survey.',
          ),
          ...p.alternatives.map((g) =>
            table(
              g.label,
              ['Maker', 'Country', 'Owner', 'Sources'],
              g.vendors.map((v) => [
                h('a', { href: `/vendors/${v.id}` }, v.name),
                v.country.name,
                v.owners.length === 0
                  ? '—'
                  : v.owners.map((o) => `${o.relation} ${o.name}`).join('; '),
                cite(v.cites),
              ]),
            ),
          ),
        )
      : '',
    p.projects.length > 0 ? projectsTable('Projects it supplied', p.projects) : '',
    p.figures.length > 0
      ? h('section', {}, h('h2', {}, 'Figures'), figures(p.figures, p.sources, p.vendor.name))
      : '',
    sourceList(p.sources),
  );
}
