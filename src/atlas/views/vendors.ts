// Vendors as the list and their pages show them (pure): the kb's verdict on the vendor (relations,
// the restrictions that reach it, advisories) with the atlas's projects and figures, every record
// citing the page's one numbered source list.
import type { VendorItem, VendorPage } from '../../contract/vendors.js';
import { alternativesFor, describeVendor, reachedByRestriction, type Kb } from '../../kb/index.js';
import {
  categoryLabels,
  fingerprintKindLabels,
  placeName,
  relationLabels,
} from '../../kb/labels.js';
import { verdictView } from '../../kb/views.js';
import type { Atlas } from '../schema.js';
import { atlasIndex, sourceBook } from './atlas-index.js';
import { figuresOf } from './figures.js';
import { projectItem } from './projects.js';

/** Every kb vendor as a list row, with its coverage as of a date. */
export function vendorList(kb: Kb, asOf: string): VendorItem[] {
  return [...kb.vendors.values()].map((v) => {
    const verdict = describeVendor(kb, v.id, asOf);
    return {
      id: v.id,
      name: v.name,
      kindLabel: v.kind === 'brand' ? 'brand' : 'company',
      country: { id: v.country, name: placeName(v.country) },
      maker: { id: verdict.maker.id, name: verdict.maker.name },
      covered: verdict.covered,
      category: verdict.category,
      categoryLabel: categoryLabels[verdict.category],
    };
  });
}

/** A vendor's page as of a date, or undefined when the kb has no such vendor. */
export function vendorPage(atlas: Atlas, kb: Kb, id: string, asOf: string): VendorPage | undefined {
  const vendor = kb.vendors.get(id);
  if (vendor === undefined) return undefined;
  const book = sourceBook(atlas, kb);
  const cites = book.cite(vendor.sources);
  const verdict = verdictView(kb, describeVendor(kb, id, asOf), asOf, book, false);
  const own = kb.fingerprints.filter((f) => f.vendor === id || f.brand === id);
  const macs = own.filter((f) => f.kind === 'mac-prefix');
  return {
    ...verdict,
    legalNames: vendor.legalNames,
    aliases: vendor.aliases,
    ...(vendor.website !== undefined ? { website: vendor.website } : {}),
    ...(vendor.note !== undefined ? { note: vendor.note } : {}),
    cites,
    fingerprints: own
      .filter((f) => f.kind !== 'mac-prefix')
      .map((f) => ({
        kindLabel: fingerprintKindLabels[f.kind] ?? f.kind,
        pattern: f.pattern,
        example: f.examples[0] ?? '',
        weight: f.weight,
        ...(f.brand !== undefined
          ? { brand: { id: f.brand, name: kb.vendors.get(f.brand)?.name ?? f.brand } }
          : {}),
        cites: book.cite(f.sources),
      })),
    macPrefixes: {
      count: macs.length,
      registrants: vendor.ouiRegistrants,
      cites: book.cite(macs[0]?.sources ?? []),
    },
    alternatives: (reachedByRestriction(kb, id, asOf) ? alternativesFor(kb, id, asOf) : [])
      .filter((g) => g.alternatives.length > 0)
      .map((g) => ({
        label: g.label,
        vendors: g.alternatives.map((a) => ({
          id: a.vendor,
          name: a.name,
          country: { id: a.country, name: placeName(a.country) },
          owners: a.owners.map((o) => ({
            id: o.vendor,
            name: o.name,
            relation: relationLabels[o.type] ?? o.type,
          })),
          cites: book.cite(a.sources),
        })),
      })),
    projects: (atlasIndex(atlas).projectsBySupplier.get(id) ?? []).map((p) =>
      projectItem(atlas, kb, p),
    ),
    figures: figuresOf(atlas, kb, `vendor:${id}`, book),
    sources: book.entries(),
  };
}
