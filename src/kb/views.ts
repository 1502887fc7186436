// The kb's answers as pages show them (pure): a vendor's verdict with names, labels, dates in
// words and numbered sources; an identify answer at parity with the CLI.
import type {
  AdvisoryLine,
  IdentifyAnswer,
  VendorRestriction,
  VendorVerdictView,
} from '../contract/vendors.js';
import type { Identification } from './identify.js';
import type { Kb } from './kb.js';
import {
  categoryLabels,
  fingerprintKindLabels,
  inputKindLabels,
  placeName,
  relationLabels,
  restrictionKindLabels,
} from './labels.js';
import { dateText, SourceBook } from './source-book.js';
import type { AdvisoryView, RestrictionView, VendorVerdict } from './verdict.js';

const ref = (kb: Kb, id: string) => ({ id, name: kb.vendors.get(id)?.name ?? id });

/** A source book over the kb's sources. */
export function kbSourceBook(kb: Kb): SourceBook {
  return new SourceBook((id) => kb.sources.get(id));
}

function restrictionView(kb: Kb, r: RestrictionView, book: SourceBook): VendorRestriction {
  const rule = kb.restrictions.find((x) => x.id === r.restriction);
  return {
    id: r.restriction,
    short: r.short,
    title: r.title,
    jurisdiction: r.jurisdiction,
    jurisdictionName: placeName(r.jurisdiction),
    kindLabel: restrictionKindLabels[r.kind] ?? r.kind,
    status: r.status,
    statusLabel: categoryLabels[r.status],
    ...(r.entity !== undefined ? { via: ref(kb, r.entity) } : {}),
    ...(r.since !== undefined ? { since: r.since, sinceText: dateText(r.since) } : {}),
    ...(r.until !== undefined ? { until: r.until, untilText: dateText(r.until) } : {}),
    ...(rule?.adopted !== undefined ? { adopted: rule.adopted } : {}),
    ...(rule?.released !== undefined ? { released: rule.released } : {}),
    effective: rule?.effective ?? r.since ?? '',
    ...(r.begins !== undefined ? { begins: r.begins } : {}),
    ...(r.ended !== undefined ? { ended: r.ended } : {}),
    confidence: r.confidence,
    cites: book.cite(r.sources.length > 0 ? r.sources : (rule?.sources ?? [])),
  };
}

function advisoryLine(kb: Kb, a: AdvisoryView, book: SourceBook, known: boolean): AdvisoryLine {
  const record = kb.advisories.find((x) => x.id === a.id);
  return {
    cve: a.cve,
    title: a.title,
    ...(a.cvss !== undefined ? { cvss: a.cvss } : {}),
    ...(a.kevAdded !== undefined ? { kevAdded: a.kevAdded } : {}),
    status: known ? a.status : 'listed',
    ...(known && a.reason !== undefined ? { reason: a.reason } : {}),
    scope: a.scope,
    via: a.via,
    cites: book.cite(record?.sources ?? []),
  };
}

/**
 * A vendor's verdict as a page shows it. `deviceKnown`: whether the advisories were judged for a
 * device (identify of a model); on a vendor page they are only listed, with their product scope.
 */
export function verdictView(
  kb: Kb,
  v: VendorVerdict,
  asOf: string,
  book: SourceBook,
  deviceKnown = true,
): VendorVerdictView {
  const vendor = kb.vendors.get(v.vendor.id);
  return {
    asOf,
    vendor: {
      ...ref(kb, v.vendor.id),
      country: { id: v.vendor.country, name: placeName(v.vendor.country) },
      kindLabel: vendor?.kind === 'brand' ? 'brand' : 'company',
    },
    maker: ref(kb, v.maker.id),
    ...(v.brand !== undefined ? { brand: ref(kb, v.brand.id) } : {}),
    covered: v.covered,
    category: v.category,
    categoryLabel: categoryLabels[v.category],
    ...(vendor?.stateOwnership !== undefined
      ? {
          stateOwnership: {
            summary: vendor.stateOwnership.summary,
            cites: book.cite(vendor.stateOwnership.sources),
          },
        }
      : {}),
    relations: v.relations.map((r) => ({
      type: r.type,
      typeLabel: relationLabels[r.type] ?? r.type,
      from: ref(kb, r.from.id),
      to: ref(kb, r.to.id),
      ...(r.since !== undefined ? { since: r.since, sinceText: dateText(r.since) } : {}),
      ...(r.until !== undefined ? { until: r.until, untilText: dateText(r.until) } : {}),
      state: r.state,
      confidence: r.confidence,
      ...(r.note !== undefined ? { note: r.note } : {}),
      cites: book.cite(r.sources),
    })),
    restrictions: v.restrictions.map((r) => restrictionView(kb, r, book)),
    notInForce: v.notInForce.map((r) => restrictionView(kb, r, book)),
    notReachedBy: v.notReachedBy.map((r) => ({
      short: r.short,
      names: (kb.restrictions.find((x) => x.id === r.restriction)?.entities ?? []).map((e) =>
        ref(kb, e.vendor),
      ),
    })),
    advisories: v.advisories.map((a) => advisoryLine(kb, a, book, deviceKnown)),
  };
}

/** An identification as the observatory shows it, with the same facts as `sousveil identify`. */
export function identifyAnswer(kb: Kb, id: Identification, asOf: string): IdentifyAnswer {
  const book = kbSourceBook(kb);
  const evidence = id.evidence.slice(0, 20).map((e) => ({
    kindLabel: fingerprintKindLabels[e.kind] ?? e.kind,
    weight: e.weight,
    ...(e.note !== undefined ? { note: e.note } : {}),
    cites: book.cite(e.sources),
  }));
  const verdict = id.verdict === undefined ? undefined : verdictView(kb, id.verdict, asOf, book);
  return {
    input: id.input,
    inputKind: id.inputKind,
    inputKindLabel: inputKindLabels[id.inputKind] ?? id.inputKind,
    match: id.match,
    evidence,
    ...(verdict !== undefined ? { verdict } : {}),
    sources: book.entries(),
  };
}
